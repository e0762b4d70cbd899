import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { exampleCurl } from "@/app/docs/api/curl";
import { OperationCard } from "@/app/docs/api/operation";
import { SchemaTable } from "@/app/docs/api/schema-table";
import { fieldRows, typeText, type Components } from "@/app/docs/api/schema-text";
import { buildOpenApiDocument } from "@/lib/api/openapi/document";
import { DIMENSIONS } from "@/lib/metrics/report/schema";

const document = buildOpenApiDocument();
const components = document.components.schemas as unknown as Components;
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/&#x27;/g, "'");

function render(path: string, method: string) {
  const op = document.paths[path]![method]!;
  return text(renderToStaticMarkup(createElement(OperationCard, { method, path, op, document })));
}

describe("the API reference page", () => {
  it("renders every operation with its method, path, parameters, responses and an example", () => {
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const html = render(path, method);
        expect(html).toContain(path);
        expect(html).toContain(method);
        expect(html).toContain(op.summary);
        for (const p of op.parameters) expect(html, `${method} ${path}: ${p.name}`).toContain(p.name);
        for (const status of Object.keys(op.responses)) expect(html).toContain(status);
        expect(html).toContain("curl");
      }
    }
  });

  it("never puts a block inside a paragraph, which browsers re-nest and React then fails to hydrate", () => {
    const html = [
      renderToStaticMarkup(createElement(SchemaTable, { schema: { type: "string", description: "One row a line.\n- `a`: first" }, components })),
      ...Object.entries(document.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => renderToStaticMarkup(createElement(OperationCard, { method, path, op, document }))),
      ),
    ].join("");
    const paragraphs = html.match(/<p[ >][\s\S]*?<\/p>/g) ?? [];
    expect(paragraphs.length).toBeGreaterThan(0);
    expect(paragraphs.filter((p) => /<(div|p|ul|ol|table|pre|section)[ >]/.test(p.slice(2)))).toEqual([]);
  });

  it("shows the report's parameters with their values, and the report's fields", () => {
    const html = render("/api/v1/reports/kpi", "get");
    for (const dimension of DIMENSIONS) expect(html).toContain(`"${dimension}"`);
    for (const field of ["currency", "rows[].values", "totals", "freshness.last_synced_at", "warnings"]) expect(html).toContain(field);
  });

  it("writes a runnable curl with the key, example values and the body's content type", () => {
    const report = exampleCurl("get", "/api/v1/reports/kpi", document.paths["/api/v1/reports/kpi"]!.get!);
    expect(report).toContain('"$SIGNALBOARD_URL/api/v1/reports/kpi?date_from=2026-01-01&date_to=2026-01-31&metrics=romi,cac,revenue&group_by=campaign_name"');
    expect(report).toContain('-H "Authorization: Bearer $SIGNALBOARD_API_KEY"');
    const path = "/api/v1/workspaces/{slug}/imports/orders";
    const upload = exampleCurl("post", path, document.paths[path]!.post!);
    expect(upload).toContain("-X POST \"$SIGNALBOARD_URL/api/v1/workspaces/$WORKSPACE/imports/orders\"");
    expect(upload).toContain("--data-binary @orders.csv");
    const spec = exampleCurl("get", "/api/v1/openapi.json", document.paths["/api/v1/openapi.json"]!.get!);
    expect(spec).not.toContain("Authorization");
  });

  it("describes types in words and flattens nested fields", () => {
    expect(typeText({ anyOf: [{ type: "string" }, { type: "null" }] }, components)).toBe("string | null");
    expect(typeText({ type: "array", items: { type: "string", enum: ["a", "b"] } }, components)).toBe('array of "a" | "b"');
    expect(typeText({ type: "object", additionalProperties: { type: ["string", "number", "null"] } }, components)).toBe("map of string → string | number | null");
    const rows = fieldRows({ $ref: "#/components/schemas/Error" }, components);
    expect(rows.map((r) => [r.name, r.required])).toEqual([
      ["error", true],
      ["error.code", true],
      ["error.message", true],
      ["error.fields", false],
    ]);
  });
});
