import { describe, expect, it } from "vitest";
import { parseReportQuery, REPORT_QUERY_PARAMETERS } from "@/lib/api/report-query";
import { ZReportFiltersSchema, ZReportRequestSchema } from "@/lib/metrics/report/schema";
import { expectAppErrorSync } from "../helpers";

const parse = (query: string, extra: string[] = []) => parseReportQuery(new URLSearchParams(query), extra);
const base = "date_from=2026-01-01&date_to=2026-01-31&metrics=total_sales";

/** The parameters a 400 names, and its message. */
function refused(query: string, extra: string[] = []): { fields: string[]; message: string } {
  const error = expectAppErrorSync(() => parse(query, extra), "bad_request");
  return { fields: Object.keys(error.fields ?? {}).sort(), message: error.message };
}

describe("parseReportQuery", () => {
  it("reads every parameter into the report request's shape", () => {
    const { request, format } = parse(
      `${base},orders,%20roas&group_by=channel&compare=previous_year&platform=google_ads,meta_ads&channel=google&campaign=c1&campaign=c2&product_group=alpha&format=csv`,
    );
    expect(format).toBe("csv");
    expect(request).toEqual({
      date_from: "2026-01-01",
      date_to: "2026-01-31",
      metrics: ["total_sales", "orders", "roas"],
      group_by: "channel",
      compare: "previous_year",
      filters: { platform: ["google_ads", "meta_ads"], channel: ["google"], campaign: ["c1", "c2"], product_group: ["alpha"] },
    });
    // What it builds is exactly what the report engine accepts.
    expect(ZReportRequestSchema.safeParse(request).success).toBe(true);
  });

  it("defaults to JSON, no breakdown and no filters", () => {
    const { request, format } = parse(base);
    expect(format).toBe("json");
    expect(request).toMatchObject({ group_by: undefined, compare: undefined, filters: {} });
  });

  it("names date_from when it is missing or unparseable", () => {
    expect(refused("date_to=2026-01-31&metrics=orders").fields).toEqual(["date_from"]);
    expect(refused("date_from=2026-13-01&date_to=2026-01-31&metrics=orders").fields).toContain("date_from");
    expect(refused("date_from=yesterday&date_to=2026-01-31&metrics=orders").message).toContain("date_from");
  });

  it("names date_to when the range runs backwards or spans more than five years", () => {
    const backwards = refused("date_from=2026-02-01&date_to=2026-01-31&metrics=orders");
    expect(backwards.fields).toEqual(["date_to"]);
    expect(backwards.message).toMatch(/before date_from/);
    expect(refused("date_from=2020-01-01&date_to=2025-01-01&metrics=orders").message).toMatch(/at most 5 years/);
    expect(() => parse("date_from=2020-01-02&date_to=2025-01-01&metrics=orders")).not.toThrow();
  });

  it("names metrics when none is given", () => {
    expect(refused("date_from=2026-01-01&date_to=2026-01-31").fields).toEqual(["metrics"]);
    expect(refused("date_from=2026-01-01&date_to=2026-01-31&metrics=,,").fields).toEqual(["metrics"]);
  });

  it("refuses an unknown group_by, compare or format, listing the valid values", () => {
    const groupBy = refused(`${base}&group_by=hour`);
    expect(groupBy.fields).toEqual(["group_by"]);
    expect(groupBy.message).toContain("product_group");
    expect(refused(`${base}&compare=last_week`).fields).toEqual(["compare"]);
    const format = refused(`${base}&format=xlsx`);
    expect(format.fields).toEqual(["format"]);
    expect(format.message).toContain("csv");
  });

  it("names a filter by its query parameter, not an internal path", () => {
    const { fields } = refused(`${base}&campaign=${"c".repeat(201)}`);
    expect(fields).toEqual(["campaign"]);
  });

  it("refuses unknown parameters by name, so a typo never quietly changes the report", () => {
    const typo = refused("date_from=2026-01-01&date_to=2026-01-31&metric=orders");
    expect(typo.fields).toEqual(["metric"]);
    expect(typo.message).toContain("metrics");
    expect(refused(`${base}&workspace=acme&grp=day`).fields).toEqual(["grp", "workspace"]);
    // A route may accept its own extra parameters.
    expect(() => parse(`${base}&workspace=acme`, ["workspace"])).not.toThrow();
  });

  it("refuses a single-valued parameter given twice instead of picking one", () => {
    expect(refused(`${base}&date_from=2026-01-02`).fields).toEqual(["date_from"]);
  });

  it("lists every filter the request schema has", () => {
    for (const name of Object.keys(ZReportFiltersSchema.shape)) expect(REPORT_QUERY_PARAMETERS).toContain(name);
    expect(refused(`${base}&filters=x`).fields).toEqual(["filters"]);
  });
});
