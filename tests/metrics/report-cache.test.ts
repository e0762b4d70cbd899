import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { writeRates } from "@/lib/fx/store";
import { runReport } from "@/lib/metrics/report/run";
import { markDirtyDays, refreshDirtyRollups } from "@/lib/metrics/rollups/refresh";
import { rebuildRollups } from "@/lib/metrics/rollups/rollup";
import { D1, D2, D3, setup } from "./store-fixture";

// Finished reports are shared between requests until the workspace's rollups (or the rates) change.

const request = { date_from: D1, date_to: D3, metrics: ["ad_spend", "orders"] };

async function revisionOf(workspaceId: string): Promise<string> {
  const row = await db.rollupRevision.findUnique({ where: { workspaceId } });
  return String(row?.revision ?? 0);
}

async function addSpend(workspaceId: string, currency: string, spend: string) {
  const connection = await db.connection.create({
    data: { workspaceId, provider: "google_ads", externalAccountId: `acct-${currency}`, displayName: "Ads", credentials: "-", currency },
  });
  await getPool().query(
    `INSERT INTO ad_insights_daily (workspace_id, connection_id, platform, account_id, campaign_id, day, currency, spend, impressions, clicks, conversions, conversion_value)
     VALUES ($1, $2, 'google_ads', '1', 'c-${currency}', $3, $4, $5, 0, 0, 0, 0)`,
    [workspaceId, connection.id, D2, currency, spend],
  );
  await markDirtyDays(null, workspaceId, "ads", [D2]);
}

describe("the report result cache", () => {
  it("serves a report again until a rollup refresh moves the workspace's revision", async () => {
    const workspaceId = await setup();
    await refreshDirtyRollups(workspaceId);
    const first = await runReport(workspaceId, request);
    expect(first.totals).toEqual({ ad_spend: "0.00", orders: 5 });

    // Rollups changed behind the refresh's back are not seen: the answer comes from the cache.
    await getPool().query("UPDATE sales_daily SET orders = orders + 100 WHERE workspace_id = $1 AND product_group = 'all'", [workspaceId]);
    expect((await runReport(workspaceId, request)).totals).toEqual({ ad_spend: "0.00", orders: 5 });
    // A caller changing its copy does not change what the next request gets.
    (await runReport(workspaceId, request)).rows.push({ key: "x", label: "x", values: {} });
    expect((await runReport(workspaceId, request)).rows).toEqual(first.rows);

    const before = await revisionOf(workspaceId);
    await addSpend(workspaceId, "USD", "12.50");
    expect(await refreshDirtyRollups(workspaceId)).toEqual({ days: 1, failed: 0 });
    expect(await revisionOf(workspaceId)).not.toBe(before);
    // The refresh rebuilt D2's ads only; the sales rows edited above are read as they now are.
    const after = await runReport(workspaceId, request);
    expect(after.totals.ad_spend).toBe("12.50");
    expect(after.totals.orders).toBeGreaterThan(100);
  });

  it("is left behind when exchange rates are written", async () => {
    const workspaceId = await setup();
    await addSpend(workspaceId, "EUR", "10.00");
    await rebuildRollups(workspaceId, { fromDay: D1, toDay: D3 });
    await writeRates("test", [{ day: D2, base: "EUR", quote: "USD", rate: "1.5" }]);
    expect((await runReport(workspaceId, request)).totals.ad_spend).toBe("15.00");

    const before = await revisionOf(workspaceId);
    await writeRates("test", [{ day: D2, base: "EUR", quote: "USD", rate: "2" }]);
    expect(await revisionOf(workspaceId)).not.toBe(before);
    expect((await runReport(workspaceId, request)).totals.ad_spend).toBe("20.00");
  });
});
