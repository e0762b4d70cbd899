import { describe, expect, it } from "vitest";
import { recomputeAttributionHandler } from "@/lib/attribution/job-handlers";
import { getPool } from "@/lib/db/pool";
import { localContext } from "@/lib/jobs/local";
import { unique } from "../helpers";
import { attributionStore, before, customer, emailHash, link, refreshTouchpoints, session, visitor, wonDeal } from "./support";

// The hourly recompute job's deal step, run as the job runs it: a won deal whose contact has
// tracked sessions becomes deal_attributions and attribution_daily rows of conversion type
// `deal`; a recompute over unchanged deals writes nothing; a deal whose value or journey changed
// is rewritten alone; a lost or reopened deal gives its credit back.


/** The hourly job, with its steps run in process. */
async function recompute(workspaceId: string) {
  const result = (await recomputeAttributionHandler.run({ workspaceId, days: 14, fit: false, requestedAt: new Date().toISOString().slice(0, 16) }, localContext())) as {
    deals: { deals: number; changed: number; removed: number };
  };
  return result.deals;
}

/** Each deal_attributions row's deal and the transaction that last wrote it (xmin moves on every write). */
async function dealRows(workspaceId: string) {
  const { rows } = await getPool().query<{ deal_id: string; revenue_minor: string; touches: number; written_by: string }>(
    "SELECT deal_id, revenue_minor::text, touches, xmin::text AS written_by FROM deal_attributions WHERE workspace_id = $1 ORDER BY deal_id",
    [workspaceId],
  );
  return rows;
}

/** Deal credit per channel under last touch, 7 days, cash basis, and the transactions that wrote those daily rows. */
async function dealDaily(workspaceId: string) {
  const { rows } = await getPool().query<{ channel: string; revenue: string; orders: string }>(
    `SELECT channel, sum(revenue_minor)::text AS revenue, sum(orders_micro)::text AS orders FROM attribution_daily
     WHERE workspace_id = $1 AND conversion_type = 'deal' AND model = 'last_touch' AND window_days = 7 AND NOT paid_only AND basis = 'cash'
     GROUP BY channel ORDER BY channel`,
    [workspaceId],
  );
  const { rows: [written] } = await getPool().query<{ all: string | null }>(
    "SELECT string_agg(xmin::text, ',' ORDER BY basis, day, model, window_days, paid_only, channel, platform, campaign) AS all FROM attribution_daily WHERE workspace_id = $1 AND conversion_type = 'deal'",
    [workspaceId],
  );
  return { byChannel: rows, writtenBy: written!.all };
}

async function orderDailyCount(workspaceId: string) {
  const { rows } = await getPool().query<{ n: number }>("SELECT count(*)::int AS n FROM attribution_daily WHERE workspace_id = $1 AND conversion_type = 'order'", [workspaceId]);
  return rows[0]!.n;
}

describe("the attribution recompute job's deal step", () => {
  it("credits won deals, leaves unchanged ones unwritten, rewrites a changed one, and takes back lost and reopened ones", async () => {
    const { workspace } = await attributionStore();
    const ws = workspace.id;
    const crm = unique("crm");
    // The CRM contact, identified on the site by email after a Facebook visit and a Google ad click.
    await customer({ workspaceId: ws, connectionId: crm }, 7n, "buyer@fleet.example");
    const lead = unique("cid");
    await visitor(ws, lead);
    await session(ws, lead, before(5), { channel: "facebook" });
    await session(ws, lead, before(2), { channel: "google", clickIdType: "gclid" });
    await link(ws, lead, "email", emailHash("buyer@fleet.example"));
    await refreshTouchpoints(ws, [lead]);
    await wonDeal(ws, crm, "d-1", 7n, 120000);
    await wonDeal(ws, crm, "d-2", 7n, 30000);

    expect(await recompute(ws)).toEqual({ deals: 2, changed: 2, removed: 0 });
    const first = await dealRows(ws);
    expect(first.map((r) => [r.deal_id, r.revenue_minor, r.touches])).toEqual([["d-1", "120000", 2], ["d-2", "30000", 2]]);
    const daily = await dealDaily(ws);
    expect(daily.byChannel).toEqual([{ channel: "google", revenue: "150000", orders: "2000000" }]);
    // Deals never reach the order reports' rows.
    expect(await orderDailyCount(ws)).toBe(0);

    // The next hour, nothing changed: no deal row and no daily row is written again.
    expect(await recompute(ws)).toEqual({ deals: 2, changed: 0, removed: 0 });
    expect(await dealRows(ws)).toEqual(first);
    expect(await dealDaily(ws)).toEqual(daily);

    // One deal's value corrected in the CRM: that deal alone is rewritten, and the sums follow.
    await getPool().query("UPDATE crm_deals SET converted_minor = 45000, amount_minor = 45000 WHERE workspace_id = $1 AND connection_id = $2 AND external_id = 'd-2'", [ws, crm]);
    expect(await recompute(ws)).toEqual({ deals: 2, changed: 1, removed: 0 });
    const corrected = await dealRows(ws);
    expect(corrected[0]).toEqual(first[0]);
    expect(corrected[1]).toMatchObject({ deal_id: "d-2", revenue_minor: "45000" });
    expect(corrected[1]!.written_by).not.toBe(first[1]!.written_by);
    expect((await dealDaily(ws)).byChannel).toEqual([{ channel: "google", revenue: "165000", orders: "2000000" }]);

    // The contact's journey changed (a later email visit before both deals): both are credited again.
    await session(ws, lead, before(1), { channel: "email" });
    await refreshTouchpoints(ws, [lead]);
    expect(await recompute(ws)).toEqual({ deals: 2, changed: 2, removed: 0 });
    expect((await dealRows(ws)).map((r) => r.touches)).toEqual([3, 3]);
    expect((await dealDaily(ws)).byChannel).toEqual([{ channel: "email", revenue: "165000", orders: "2000000" }]);

    // Lost, then reopened: each gives its credit back, and nothing of type deal is left.
    await getPool().query("UPDATE crm_deals SET status = 'lost' WHERE workspace_id = $1 AND connection_id = $2 AND external_id = 'd-2'", [ws, crm]);
    expect(await recompute(ws)).toEqual({ deals: 1, changed: 0, removed: 1 });
    expect((await dealRows(ws)).map((r) => r.deal_id)).toEqual(["d-1"]);
    expect((await dealDaily(ws)).byChannel).toEqual([{ channel: "email", revenue: "120000", orders: "1000000" }]);
    await getPool().query("UPDATE crm_deals SET status = 'open', closed_at = NULL WHERE workspace_id = $1 AND connection_id = $2 AND external_id = 'd-1'", [ws, crm]);
    expect(await recompute(ws)).toEqual({ deals: 0, changed: 0, removed: 1 });
    expect(await dealRows(ws)).toEqual([]);
    const { rows } = await getPool().query<{ n: number }>("SELECT count(*)::int AS n FROM attribution_daily WHERE workspace_id = $1 AND conversion_type = 'deal' AND revenue_minor <> 0", [ws]);
    expect(rows[0]!.n).toBe(0);
  });
});
