import { describe, expect, it } from "vitest";
import { runCohortReport } from "@/lib/cohorts/report";
import { parseCohortQuery, type CohortRequest } from "@/lib/cohorts/request";
import { AppError } from "@/lib/errors";
import { freshWorkspace } from "../dashboards/support";
import { insertCells, insertRate, insertSpend } from "./factory";

// The report's arithmetic on cohort_cells rows chosen by hand. Today is 2026-04-02 in New York,
// so January's cohort has reached offset 3 (April), February's 2 and March's 1.
const NOW = new Date("2026-04-02T16:00:00Z");
const month = (extra: Partial<CohortRequest> = {}): CohortRequest => ({ period: "month", metric: "ltv", ...extra });

async function workspaceWithCohorts() {
  const { workspace } = await freshWorkspace();
  await insertCells(workspace.id, [
    // January: 10 customers; 4 back in February; nobody in March; a stray row dated May (offset 4),
    // after today's period, which the report must not show.
    { cohort: "2026-01-01", offset: 0, customers: 10, active: 10, orders: 12, repeaters: 2, net: "600", profit: "240" },
    { cohort: "2026-01-01", offset: 1, active: 4, orders: 5, repeaters: 3, net: "250", profit: "100" },
    { cohort: "2026-01-01", offset: 4, active: 9, orders: 9, net: "999", profit: "999" },
    { cohort: "2026-02-01", offset: 0, customers: 5, active: 5, orders: 5, net: "500", profit: "50" },
    { cohort: "2026-02-01", offset: 1, active: 1, orders: 1, repeaters: 1, net: "80", profit: "40", unconverted: 1 },
    { cohort: "2026-03-01", offset: 0, customers: 2, active: 2, orders: 2, net: "100", profit: "30" },
    // By first-order channel: January's google customers and February's.
    { segment: "channel", value: "google", cohort: "2026-01-01", offset: 0, customers: 4, active: 4, orders: 4, net: "200", profit: "80" },
    { segment: "channel", value: "google", cohort: "2026-02-01", offset: 0, customers: 2, active: 2, orders: 2, net: "100", profit: "20" },
    { segment: "channel", value: "google", cohort: "2026-02-01", offset: 1, active: 1, orders: 1, repeaters: 1, net: "50", profit: "25" },
    { segment: "channel", value: "email", cohort: "2026-01-01", offset: 0, customers: 6, active: 6, orders: 8, net: "400", profit: "160" },
  ]);
  // January: 200.00 USD on Google and 200.00 XTS on Meta at 0.5 (100.00 USD); March: 10.00 USD.
  await insertRate("2026-01-20", "XTS", "USD", "0.5");
  await insertSpend(workspace.id, "2026-01-10", "200");
  await insertSpend(workspace.id, "2026-01-20", "200", { platform: "meta_ads", channel: "facebook", currency: "XTS" });
  await insertSpend(workspace.id, "2026-03-03", "10");
  return workspace;
}

describe("the cohort report", () => {
  it("computes each monthly cohort's cells, fills quiet periods with zeros and leaves periods after today out", async () => {
    const workspace = await workspaceWithCohorts();
    const report = await runCohortReport(workspace.id, month({ metric: "retention" }), { now: NOW });
    expect(report.rows.map((r) => [r.key, r.label, r.customers])).toEqual([
      ["2026-01-01", "Jan 2026", 10],
      ["2026-02-01", "Feb 2026", 5],
      ["2026-03-01", "Mar 2026", 2],
    ]);
    const [jan, feb, mar] = report.rows;
    expect(jan!.cells.map((c) => c.period_start)).toEqual(["2026-01-01", "2026-02-01", "2026-03-01", "2026-04-01"]);
    expect(jan!.cells.map((c) => c.value)).toEqual(["1.0000", "0.4000", "0.0000", "0.0000"]);
    expect(jan!.cells.map((c) => c.values.ltv)).toEqual(["60.00", "85.00", "85.00", "85.00"]);
    expect(jan!.cells.map((c) => c.values.repeat_rate)).toEqual(["0.2000", "0.5000", "0.5000", "0.5000"]);
    expect(jan!.cells.map((c) => c.values.aov)).toEqual(["50.00", "50.00", null, null]);
    expect(jan!.cells.map((c) => c.complete)).toEqual([true, true, true, false]);
    expect(feb!.cells).toHaveLength(3);
    expect(mar!.cells.map((c) => c.values.gross_profit_per_customer)).toEqual(["15.00", "15.00"]);
    expect(report.max_offset).toBe(3);
    expect(report.warnings).toContain("1 orders or refunds had no exchange rate for their day and count as 0. Load exchange rates for those days.");
  });

  it("sums every cohort in the total, counting at offset k only the cohorts that have reached it", async () => {
    const workspace = await workspaceWithCohorts();
    const { total } = await runCohortReport(workspace.id, month({ metric: "retention" }), { now: NOW });
    expect(total!.cells.map((c) => c.values.customers)).toEqual([17, 17, 15, 10]);
    // Offset 1: 4 + 1 + 0 active of 17; offset 0: 1,200.00 over 17 customers.
    expect(total!.cells.map((c) => c.value)).toEqual(["1.0000", "0.2941", "0.0000", "0.0000"]);
    expect(total!.cells[0]!.values.ltv).toBe("70.59");
  });

  it("divides the acquisition period's blended ad spend, converted at the day's rate, by the cohort's size", async () => {
    const workspace = await workspaceWithCohorts();
    const report = await runCohortReport(workspace.id, month(), { now: NOW });
    const [jan, feb, mar] = report.rows;
    expect([jan!.ad_spend, jan!.cac]).toEqual(["300.00", "30.00"]);
    // Gross profit per customer: 24.00, then 34.00 >= 30.00.
    expect(jan!.payback_offset).toBe(1);
    // LTV through month 3 (offset 2, over) / CAC = 85.00 / 30.00; months 6 and 12 have not ended.
    expect(jan!.ltv_cac).toEqual({ "3": "2.8333", "6": null, "12": null });
    // No spend in February: CAC, payback and LTV:CAC are n/a, never 0.
    expect([feb!.ad_spend, feb!.cac, feb!.payback_offset, feb!.ltv_cac["3"]]).toEqual([null, null, null, null]);
    expect([mar!.cac, mar!.payback_offset]).toEqual(["5.00", 0]);
  });

  it("filters by one segment value, with CAC from that channel's ad platforms only", async () => {
    const workspace = await workspaceWithCohorts();
    const google = await runCohortReport(workspace.id, month({ segment: "channel", segment_value: "google" }), { now: NOW });
    expect(google.rows.map((r) => [r.key, r.customers, r.cac])).toEqual([
      ["2026-01-01", 4, "50.00"],
      ["2026-02-01", 2, null],
    ]);
    const email = await runCohortReport(workspace.id, month({ segment: "channel", segment_value: "email" }), { now: NOW });
    expect(email.rows.map((r) => [r.key, r.customers, r.cac])).toEqual([["2026-01-01", 6, null]]);
  });

  it("cohorts by a segment, summing its cohorts in the range and leaving young ones out of later offsets", async () => {
    const workspace = await workspaceWithCohorts();
    const report = await runCohortReport(workspace.id, month({ cohort_by: "channel" }), { now: NOW });
    expect(report.rows.map((r) => [r.key, r.customers])).toEqual([["email", 6], ["google", 6]]);
    const google = report.rows.find((r) => r.key === "google")!;
    expect(google.cells.map((c) => c.values.customers)).toEqual([6, 6, 6, 4]);
    // (200 + 100) / 6; (200 + 150) / 6 twice; at offset 3 January's 200 / 4 alone.
    expect(google.cells.map((c) => c.values.ltv)).toEqual(["50.00", "58.33", "58.33", "50.00"]);
    expect(google.cells.every((c) => c.period_start === null)).toBe(true);
    // Google's spend over the range (200.00 in January, 10.00 in March) / its 6 customers.
    expect(google.cac).toBe("35.00");
    expect(report.total).toBeNull();
  });

  it("has no CAC for a segment that is not a channel, and says so", async () => {
    const workspace = await workspaceWithCohorts();
    const report = await runCohortReport(workspace.id, month({ cohort_by: "country" }), { now: NOW });
    expect(report.cac_applies).toBe(false);
    expect(report.rows).toEqual([]);
    expect(report.warnings.join(" ")).toMatch(/CAC applies to all customers or to a channel/);
  });

  it("answers an empty report for a workspace without cohorts, whatever other workspaces hold", async () => {
    await workspaceWithCohorts();
    const { workspace } = await freshWorkspace();
    const report = await runCohortReport(workspace.id, month(), { now: NOW });
    expect(report.rows).toEqual([]);
    expect(report.total).toBeNull();
    expect(report.max_offset).toBe(-1);
  });

  it("covers the cohorts of the periods holding date_from..date_to, cut at today", async () => {
    const workspace = await workspaceWithCohorts();
    const report = await runCohortReport(workspace.id, month({ date_from: "2026-02-20", date_to: "2027-01-01" }), { now: NOW });
    expect(report.rows.map((r) => r.key)).toEqual(["2026-02-01", "2026-03-01"]);
    expect([report.date_from, report.date_to]).toEqual(["2026-02-01", "2026-04-02"]);
  });
});

describe("cohort query parameters", () => {
  const parse = (query: string) => parseCohortQuery(new URLSearchParams(query));
  const fieldsOf = (query: string) => {
    try {
      parse(query);
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      return { status: (error as AppError).status, fields: (error as AppError).fields ?? {}, message: (error as AppError).message };
    }
    throw new Error(`"${query}" was accepted`);
  };

  it("names the parameter and lists the valid values", () => {
    expect(fieldsOf("period=day").fields.period).toBe('period: unknown value "day". Use one of: week, month, quarter.');
    expect(fieldsOf("metric=ltvv").fields.metric).toMatch(/^metric: unknown value "ltvv"\. Use one of: customers, active_customers, retention/);
    expect(fieldsOf("segment=city&segment_value=x").fields.segment).toMatch(/Use one of: channel, product_group, product, discount, discount_code, country, tag\./);
    expect(fieldsOf("cohort_by=age").fields.cohort_by).toMatch(/Use one of: channel,/);
    expect(fieldsOf("period=day").status).toBe(400);
  });

  it("refuses a segment without its value, unknown parameters and dates out of order", () => {
    expect(Object.keys(fieldsOf("segment=channel").fields)).toEqual(["segment_value"]);
    expect(Object.keys(fieldsOf("periods=week").fields)).toEqual(["periods"]);
    expect(Object.keys(fieldsOf("date_from=2026-02-01&date_to=2026-01-01").fields)).toEqual(["date_to"]);
    expect(Object.keys(fieldsOf("date_from=2026-13-01").fields)).toEqual(["date_from"]);
    expect(Object.keys(fieldsOf("segment=country&segment_value=DE&cohort_by=channel").fields)).toEqual(["cohort_by"]);
  });

  it("reads a valid request with its defaults", () => {
    expect(parse("")).toEqual({ request: { period: "month", metric: "retention" }, format: "json" });
    expect(parse("period=week&metric=ltv&segment=discount&segment_value=yes&format=csv")).toEqual({
      request: { period: "week", metric: "ltv", segment: "discount", segment_value: "yes" },
      format: "csv",
    });
  });
});
