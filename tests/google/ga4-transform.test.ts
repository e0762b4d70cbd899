import { describe, expect, it } from "vitest";
import { ZTraffic } from "@/lib/connectors/contracts/ad-facts";
import { assertUniqueTraffic, propertySettings, toPropertySummaries, toTrafficPage } from "@/lib/connectors/google/ga4-transform";
import summaries from "../fixtures/ga4/account_summaries_page1.json";
import property from "../fixtures/ga4/property_314159265.json";
import empty from "../fixtures/ga4/run_report_empty.json";
import page1 from "../fixtures/ga4/run_report_page1.json";
import page2 from "../fixtures/ga4/run_report_page2.json";
import { expectConnectorError } from "./expect-connector-error";

const window = { fromDay: "2026-03-01", toDay: "2026-03-02" };
type Report = { rows: { dimensionValues: { value?: string }[]; metricValues: { value?: unknown }[] }[] } & Record<string, unknown>;
const clone = (value: unknown) => structuredClone(value) as Report;

describe("toTrafficPage", () => {
  it("turns rows of strings into daily traffic facts in the property's currency", () => {
    const page = toTrafficPage(page1, window, null);
    expect(page.rowCount).toBe(5);
    expect(page.received).toBe(3);
    expect(page.rows[0]).toEqual({
      day: "2026-03-01", channelGroup: "Paid Search", source: "google", medium: "cpc",
      sessions: 812, users: 640, transactions: 17, purchaseRevenue: "1534.2", currency: "USD",
    });
    expect(page.rows[1]!.purchaseRevenue).toBe("1875.995");
    expect(page.rows[2]).toMatchObject({ source: "(direct)", medium: "(none)", purchaseRevenue: "0" });
    for (const row of page.rows) expect(ZTraffic.safeParse(row).success).toBe(true);
  });

  it("reads revenue in exponent notation exactly", () => {
    expect(toTrafficPage(page2, window, null).rows[1]!.purchaseRevenue).toBe("12345.6789");
  });

  it("finds columns by header, whatever their order", () => {
    const swapped = clone(page1);
    (swapped.metricHeaders as unknown[]).reverse();
    for (const row of swapped.rows) row.metricValues.reverse();
    expect(toTrafficPage(swapped, window, null).rows).toEqual(toTrafficPage(page1, window, null).rows);
  });

  it("gives nothing for a report without rows", () => {
    expect(toTrafficPage(empty, window, null)).toEqual({ rows: [], received: 0, rowCount: 0 });
  });

  it("uses the property's currency when the report carries none; keeps net refunds as negative revenue", () => {
    const report = clone(page1);
    delete report.metadata;
    report.rows[0]!.metricValues[3]!.value = "-25.5";
    const page = toTrafficPage(report, window, "EUR");
    expect(page.rows[0]).toMatchObject({ currency: "EUR", purchaseRevenue: "-25.5" });
  });
});

describe("toTrafficPage refuses malformed answers, naming the field", () => {
  it("no currency anywhere", async () => {
    const report = clone(page1);
    delete report.metadata;
    expect((await expectConnectorError(() => toTrafficPage(report, window, null), "bad_response")).message).toContain("metadata.currencyCode");
  });

  it("a string that is not a number, and a missing metric value", async () => {
    const text = clone(page1);
    text.rows[1]!.metricValues[0]!.value = "many";
    expect((await expectConnectorError(() => toTrafficPage(text, window, null), "bad_response")).message).toContain("rows[1].sessions");
    const missing = clone(page1);
    missing.rows[2]!.metricValues = missing.rows[2]!.metricValues.slice(0, 3);
    expect((await expectConnectorError(() => toTrafficPage(missing, window, null), "bad_response")).message).toContain("rows[2].metricValues[3].value is missing");
  });

  it("partial data: a row without metric values, or headers without a requested column", async () => {
    const noMetrics = clone(page1);
    delete (noMetrics.rows[0] as Partial<Report["rows"][number]>).metricValues;
    expect((await expectConnectorError(() => toTrafficPage(noMetrics, window, null), "bad_response")).message).toContain("rows[0].metricValues is missing");
    const noHeader = clone(page1);
    noHeader.metricHeaders = (noHeader.metricHeaders as { name: string }[]).filter((h) => h.name !== "transactions");
    expect((await expectConnectorError(() => toTrafficPage(noHeader, window, null), "bad_response")).message).toContain("metricHeaders has no transactions column");
  });

  it("a malformed date or one outside the window", async () => {
    const badDate = clone(page1);
    badDate.rows[0]!.dimensionValues[0]!.value = "2026-03-01";
    expect((await expectConnectorError(() => toTrafficPage(badDate, window, null), "bad_response")).message).toContain("rows[0].date");
    await expectConnectorError(() => toTrafficPage(page2, { fromDay: "2026-03-01", toDay: "2026-03-01" }, null), "bad_response");
  });

  it("a row repeated across pages", async () => {
    const rows = toTrafficPage(page1, window, null).rows;
    await expectConnectorError(() => assertUniqueTraffic([...rows, rows[0]!]), "bad_response");
    expect(() => assertUniqueTraffic(rows)).not.toThrow();
  });
});

describe("GA4 property picker", () => {
  it("lists each property with its account's name, and the next page token", () => {
    const page = toPropertySummaries(summaries);
    expect(page.nextPageToken).toBe("CAEaDAj4vY3BBhDAhf3OAQ");
    expect(page.accounts).toEqual([
      { id: "properties/314159265", name: "Acme Store - GA4 (Acme Inc)", currency: null, timeZone: null },
      { id: "properties/271828182", name: "Acme Blog (Acme Inc)", currency: null, timeZone: null },
    ]);
    expect(toPropertySummaries({})).toEqual({ accounts: [], nextPageToken: null });
  });

  it("reads currency and time zone from properties.get", () => {
    expect(propertySettings(property)).toEqual({ currency: "USD", timeZone: "America/New_York" });
  });
});
