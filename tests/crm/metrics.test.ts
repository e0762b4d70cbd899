import { setupServer } from "msw/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { convertMinor } from "@/lib/crm/money";
import { rateFor } from "@/lib/fx/rule";
import { runReport } from "@/lib/metrics/report/run";
import page1 from "../fixtures/hubspot/deals_page1.json";
import page2 from "../fixtures/hubspot/deals_page2.json";
import { dealPages, defaultPages, hubspotHandlers, hubspotWorkspace, served, syncCrm } from "./support";

// The CRM metrics through the report engine over a synced portal: won deal 1001 (12,000.00 USD,
// google, closed 2026-03-10 after 37.2 days), open deal 1002 (2,500.50 EUR, made 2026-03-02),
// lost deal 1006 (800 GBP, closed 2026-03-20); the three refused deals count nowhere.

const server = setupServer(...hubspotHandlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterAll(() => server.close());
beforeEach(() => void (dealPages.current = defaultPages()));

const METRICS = ["offline_revenue", "deals_won", "deals_open", "pipeline_value", "win_rate", "avg_sales_cycle_days", "total_revenue"];
const MARCH = { date_from: "2026-03-01", date_to: "2026-03-31" };

describe("CRM metrics", () => {
  it("count won, lost and open deals on their days, in the workspace currency, by channel", async () => {
    const { workspace, scope } = await hubspotWorkspace();
    expect((await syncCrm(scope)).outcome).toBe("succeeded");
    const eur = convertMinor(250050n, "EUR", "USD", await rateFor("EUR", "USD", "2026-03-02"));

    const report = await runReport(workspace.id, { ...MARCH, metrics: METRICS });
    expect(report.totals).toEqual({
      offline_revenue: "12000.00",
      deals_won: 1,
      deals_open: 1,
      pipeline_value: (Number(eur) / 100).toFixed(2),
      // One won, one lost.
      win_rate: "0.5000",
      // 2026-02-01T10:00Z to 2026-03-10T15:00Z.
      avg_sales_cycle_days: "37.2083",
      // No store: total revenue is the offline revenue alone.
      total_revenue: "12000.00",
    });

    const byChannel = await runReport(workspace.id, { ...MARCH, metrics: ["offline_revenue", "deals_won", "deals_open"], group_by: "channel" });
    expect(Object.fromEntries(byChannel.rows.map((r) => [r.key, r.values]))).toEqual({
      google: { offline_revenue: "12000.00", deals_won: 1, deals_open: 0 },
      crm: { offline_revenue: "0.00", deals_won: 0, deals_open: 1 },
      referral: { offline_revenue: "0.00", deals_won: 0, deals_open: 0 },
    });

    const byDay = await runReport(workspace.id, { ...MARCH, metrics: ["deals_won"], group_by: "day", filters: { channel: ["google"] } });
    expect(byDay.rows.filter((r) => r.values.deals_won !== 0).map((r) => r.key)).toEqual(["2026-03-10"]);

    // A product group cannot split deals.
    const inGroup = await runReport(workspace.id, { ...MARCH, metrics: ["deals_won"], filters: { product_group: ["hero"] } });
    expect(inGroup.totals).toEqual({ deals_won: null });
  });

  it("drops a reopened deal's revenue from the next report, whatever was cached", async () => {
    const { workspace, scope } = await hubspotWorkspace();
    await syncCrm(scope);
    expect((await runReport(workspace.id, { ...MARCH, metrics: ["offline_revenue"] })).totals).toEqual({ offline_revenue: "12000.00" });

    const reopened = structuredClone(page1);
    reopened.results[0]!.properties.dealstage = "contractsent";
    reopened.results[0]!.propertiesWithHistory.dealstage.unshift({ value: "contractsent", timestamp: "2026-03-15T09:00:00.000Z", sourceType: "CRM_UI", sourceId: "userId:77001" });
    dealPages.current = { first: served(reopened), "1003": served(page2) };
    await syncCrm(scope, "incremental");
    expect((await runReport(workspace.id, { ...MARCH, metrics: ["offline_revenue", "deals_won"] })).totals).toEqual({ offline_revenue: "0.00", deals_won: 0 });
  });
});
