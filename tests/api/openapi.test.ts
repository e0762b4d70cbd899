import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/openapi.json/route";
import { buildOpenApiDocument } from "@/lib/api/openapi/document";
import { OPERATIONS } from "@/lib/api/openapi/operations";
import { REPORT_QUERY_PARAMETERS } from "@/lib/api/report-query";
import { METRICS } from "@/lib/metrics/definitions/registry";
import { COMPARISONS, DIMENSION_ALIASES, DIMENSIONS, METRIC_ALIASES } from "@/lib/metrics/report/schema";
import { can, ROLES, type Permission } from "@/lib/tenancy/roles";

type Json = { [key: string]: unknown };
const doc = buildOpenApiDocument() as unknown as Json & { paths: Record<string, Record<string, Json>>; components: Json };

/** Every value of every `$ref` in the document. */
function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refsIn(v, found));
  else if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      if (key === "$ref" && typeof v === "string") found.push(v);
      else refsIn(v, found);
    }
  }
  return found;
}

function resolve(pointer: string): unknown {
  expect(pointer.startsWith("#/")).toBe(true);
  return pointer
    .slice(2)
    .split("/")
    .reduce<unknown>((node, part) => (node as Json | undefined)?.[part.replace(/~1/g, "/").replace(/~0/g, "~")], doc);
}

/** app/api/v1/workspaces/{slug}/dashboards -> the route file whose folders match, whatever its [param] names. */
function routeFileOf(apiPath: string): string | null {
  let dir = path.join(process.cwd(), "app");
  for (const segment of apiPath.split("/").filter(Boolean)) {
    const entries = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
    const next = /^\{\w+\}$/.test(segment) ? entries.find((e) => /^\[[^.\]]+\]$/.test(e)) : entries.find((e) => e === segment);
    if (!next) return null;
    dir = path.join(dir, next);
  }
  const file = path.join(dir, "route.ts");
  return fs.existsSync(file) ? file : null;
}

const operation = (p: string, method: string) => doc.paths[p]![method] as Json & { parameters: Json[]; responses: Json };
const parameter = (op: Json & { parameters: Json[] }, name: string) => op.parameters.find((p) => p.name === name) as Json & { schema: Json };

describe("GET /api/v1/openapi.json", () => {
  it("serves the document publicly as JSON", async () => {
    const response = GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toContain("application/json");
    const body = (await response.json()) as Json;
    expect(body.openapi).toBe("3.1.0");
    expect(body).toEqual(JSON.parse(JSON.stringify(doc)));
  });
});

describe("the OpenAPI document", () => {
  it("is OpenAPI 3.1 with an info block, bearer security and tagged, uniquely named operations", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.components.securitySchemes).toEqual({
      bearerAuth: expect.objectContaining({ type: "http", scheme: "bearer" }),
      operatorToken: expect.objectContaining({ type: "http", scheme: "bearer" }),
    });
    const ids = OPERATIONS.map((o) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = (doc.tags as Json[]).map((t) => t.name);
    for (const op of OPERATIONS) expect(tags).toContain(op.tag);
  });

  it("resolves every $ref", () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of new Set(refs)) expect(resolve(ref), ref).toBeTypeOf("object");
  });

  it("keeps component schemas free of their own $schema dialect", () => {
    for (const [name, schema] of Object.entries(doc.components.schemas as Record<string, Json>)) expect(schema.$schema, name).toBeUndefined();
  });

  it("documents only endpoints that exist, with the methods they export", async () => {
    for (const op of OPERATIONS) {
      const file = routeFileOf(op.path);
      expect(file, `${op.method.toUpperCase()} ${op.path} has no route file`).not.toBeNull();
      const source = fs.readFileSync(file!, "utf8");
      const method = op.method.toUpperCase();
      expect(source, `${file} does not export ${method}`).toMatch(new RegExp(`export (const|async function|function) ${method}\\b|as ${method}\\b`));
    }
  });

  it("states the lowest role each guarded route really allows", () => {
    for (const op of OPERATIONS.filter((o) => o.role !== null)) {
      const source = fs.readFileSync(routeFileOf(op.path)!, "utf8");
      const permission = new RegExp(`export const ${op.method.toUpperCase()} = (?:workspaceRoute|apiKeyRoute|callerRoute)\\("([\\w.]+)"`).exec(source)?.[1];
      expect(permission, `${op.method} ${op.path}`).toBeDefined();
      const allowed = ROLES.filter((role) => can(role, permission as Permission));
      expect(allowed.at(-1), `${op.method} ${op.path} (${permission})`).toBe(op.role);
    }
  });

  it("describes every path parameter and asks for a key wherever one is needed", () => {
    for (const [p, methods] of Object.entries(doc.paths)) {
      const names = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      for (const [method, op] of Object.entries(methods)) {
        const typed = op as Json & { parameters: Json[]; responses: Json; security: unknown[] };
        expect(typed.parameters.filter((x) => x.in === "path").map((x) => x.name), `${method} ${p}`).toEqual(names);
        if (typed.security.length > 0) expect(Object.keys(typed.responses), `${method} ${p}`).toEqual(expect.arrayContaining(["401", "404"]));
      }
    }
    expect(operation("/api/v1/openapi.json", "get").security).toEqual([]);
  });

  it("documents /api/metrics as an operators' endpoint behind METRICS_TOKEN answering Prometheus text", () => {
    const op = operation("/api/metrics", "get") as unknown as Json & { security: unknown[]; responses: Record<string, { content?: Record<string, Json> }>; description: string };
    expect(op.security).toEqual([{ operatorToken: [] }]);
    expect(op.description).toContain("METRICS_TOKEN");
    expect(Object.keys(op.responses["200"]!.content!)).toEqual([expect.stringMatching(/^text\/plain; version=0\.0\.4/)]);
    expect(Object.keys(op.responses).sort()).toEqual(["200", "401", "404"]);
  });

  it("takes the report parameters' values from the schemas that validate them, so they cannot drift", () => {
    for (const p of ["/api/v1/reports/kpi", "/api/v1/workspaces/{slug}/reports/kpi"]) {
      const op = operation(p, "get");
      expect((parameter(op, "group_by").schema.items as Json).enum).toEqual([...DIMENSIONS, ...Object.keys(DIMENSION_ALIASES)]);
      expect(parameter(op, "group_by").schema.maxItems).toBe(2);
      expect(parameter(op, "group_by").description).toContain("campaign_name (= campaign)");
      expect(parameter(op, "compare").schema.enum).toEqual([...COMPARISONS]);
      const items = parameter(op, "metrics").schema.items as { anyOf: Json[] };
      expect(items.anyOf[0]!.enum).toEqual(METRICS.map((m) => m.id));
      expect(new RegExp(items.anyOf[1]!.pattern as string).test("product_group_sales:alpha-pro")).toBe(true);
      expect(items.anyOf[2]!.enum).toEqual(Object.keys(METRIC_ALIASES));
      expect(items.anyOf[2]!.description).toContain("revenue (= ad_revenue)");
      const attribution = new RegExp(items.anyOf[3]!.pattern as string);
      expect(["attributed_revenue:markov", "attributed_orders:linear:7"].map((id) => attribution.test(id))).toEqual([true, true]);
      expect(["attributed_revenue:gut", "attributed_orders:linear:3", "net_sales:linear"].map((id) => attribution.test(id))).toEqual([false, false, false]);
      expect(parameter(op, "date_from").required).toBe(true);
      expect(parameter(op, "group_by").required).toBe(false);
      const queryNames = op.parameters.filter((x) => x.in === "query").map((x) => x.name);
      expect(queryNames.filter((n) => n !== "workspace")).toEqual([...REPORT_QUERY_PARAMETERS]);
    }
    const responses = operation("/api/v1/reports/kpi", "get").responses as Record<string, { content?: Json }>;
    expect(Object.keys(responses["200"]!.content!)).toEqual(["application/json", "text/csv"]);
    expect(Object.keys(responses).sort()).toEqual(["200", "400", "401", "404", "429"]);
  });

  it("describes imports by the import schemas and columns, with their own answers", () => {
    const op = operation("/api/v1/imports/orders", "post") as unknown as Json & { requestBody: { content: Record<string, { schema: Json }> }; responses: Json };
    expect(op.requestBody.content["application/json"]!.schema).toEqual({ $ref: "#/components/schemas/OrderImport" });
    expect(op.requestBody.content["text/csv"]!.schema.description).toContain("`line_unit_price` (required)");
    expect(Object.keys(op.responses).sort()).toEqual(["200", "400", "401", "402", "403", "404", "413", "415", "422", "429"]);
    const row = ((doc.components.schemas as Record<string, Json & { properties: Record<string, Json> }>).OrderImport!.properties.rows as { items: Json }).items;
    expect((row as { required: string[] }).required).toEqual(expect.arrayContaining(["order_id", "created_at", "currency", "line_items"]));
  });

  it("describes the report answer with money as strings and the standard error body", () => {
    const report = (doc.components.schemas as Record<string, Json & { properties: Record<string, Json> }>).Report!;
    expect(report.required).toEqual(expect.arrayContaining(["currency", "rows", "totals", "freshness", "warnings"]));
    const error = (doc.components.schemas as Record<string, Json & { properties: Record<string, Json> }>).Error!;
    expect(Object.keys((error.properties.error as { properties: Json }).properties)).toEqual(["code", "message", "fields"]);
  });
});
