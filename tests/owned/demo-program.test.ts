import { describe, expect, it } from "vitest";
import { requestAttributionRecompute } from "@/lib/attribution/request";
import { connectDemoStore } from "@/lib/connections/service";
import { getPool } from "@/lib/db/pool";
import { localJobsSettled } from "@/lib/jobs/local";
import { seedDemoOwnedProgram } from "@/lib/owned/demo/program";
import { parseOwnedReportQuery } from "@/lib/owned/report/query";
import { ownedConverters, ownedReport } from "@/lib/owned/report/report";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { sourceForConnection } from "@/lib/stores/sources";
import { upsertCustomers, upsertOrderBundles } from "@/lib/stores/ingest";
import { DEMO_TRAFFIC_DAYS, seedDemoTraffic, sendDemoEvents } from "@/lib/tracking/demo/seed";
import { addDays, localDate } from "@/lib/time/zone";

// The demo's email and SMS program, seeded as `npm run dev` seeds it (after the demo's traffic,
// before its orders arrive), then attributed by the recompute that follows the store's backfill:
// the human-click rule and owned attribution decide, the program only wrote what people and
// machines did. Its conversions must be the store's own tracked purchases.

const DAY_MS = 86_400_000;
const SEED = 4242;

async function demoWorkspace(now: Date) {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone: "America/New_York" });
  const ws = workspace.id;
  const { id: connectionId } = await connectDemoStore(ws, { orders: 5_000, seed: SEED });
  await seedDemoTraffic(ws, { days: DEMO_TRAFFIC_DAYS, now });
  const seeded = await seedDemoOwnedProgram(ws, { now });
  // The store's recent orders, loaded as its backfill would, then the recompute the backfill asks for.
  const source = await sourceForConnection({ workspaceId: ws, connectionId });
  let after: string | null = null;
  do {
    const page = await source.ordersPage({ updatedFrom: new Date(now.getTime() - (DEMO_TRAFFIC_DAYS + 2) * DAY_MS), updatedTo: now, after });
    await upsertOrderBundles({ workspaceId: ws, connectionId }, page.items);
    after = page.nextCursor;
  } while (after);
  // Their customers too, as the backfill loads them: a customer known by email makes a member.
  do {
    const page = await source.customersPage({ updatedFrom: new Date(0), updatedTo: now, after });
    await upsertCustomers({ workspaceId: ws, connectionId }, page.items);
    after = page.nextCursor;
  } while (after);
  // A visit after the orders arrived: each drain retries the checkouts' customer ids that stood
  // for no one yet, so their visitors become the customers' (members) from then on.
  await sendDemoEvents(ws, [{
    event: "page_view", message_id: "demo-later-visit", timestamp: now.toISOString(), anonymous_id: "later-visitor", page_url: "https://alpha-hearing.example/",
    properties: {}, context: { source: "browser", user_agent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36" },
  }]);
  await localJobsSettled();
  await requestAttributionRecompute(ws, "fit", now);
  await localJobsSettled();
  return { ws, seeded };
}

describe("the demo's owned-channel program", () => {
  it("has sends, machine and human engagement and conversions judged by the real rules, the same from the same seed", async () => {
    const now = new Date();
    const { ws, seeded } = await demoWorkspace(now);
    expect(seeded.sends).toBeGreaterThan(200);
    expect(seeded.human).toBeGreaterThan(5);

    const today = localDate(now, "America/New_York");
    const query = parseOwnedReportQuery(new URLSearchParams({ date_from: addDays(today, -DEMO_TRAFFIC_DAYS), date_to: today }), today);
    const report = await ownedReport(ws, query);
    expect(report.rows.map((r) => r.campaign).sort()).toEqual(["Abandoned cart", "Abandoned cart (SMS)", "Weekly newsletter", "Welcome series", "Welcome text"]);
    const t = report.totals;
    expect(t.delivery_rate).toBeGreaterThan(0.9);
    expect(t.delivery_rate).toBeLessThan(1);
    expect(t.machine_opens).toBeGreaterThan(0);
    expect(t.machine_clicks).toBeGreaterThan(0);
    expect(t.clicks).toBeGreaterThan(0);
    expect(t.opens).toBeGreaterThan(t.clicks);
    expect(t.blocked).toBeGreaterThan(0);
    expect(t.unsubscribes).toBeGreaterThanOrEqual(0);
    for (const kind of ["click", "open", "session"] as const) expect(t.conversions[kind].count, kind).toBeGreaterThan(0);
    expect(t.conversions.click.member).toBeGreaterThan(0);

    // Every click conversion went to a human click: its visitor viewed a page from 2:00 before to
    // 5:00 after it, and the order is one of the store's tracked purchases that landed from an email.
    const { rows } = await getPool().query<{ human: boolean; machine: boolean; near: boolean; from_email: boolean }>(
      `SELECT k.human, k.machine,
         EXISTS (SELECT 1 FROM tracked_events e WHERE e.workspace_id = k.workspace_id AND e.anonymous_id = k.visitor_id
                   AND e.occurred_at BETWEEN k.at - interval '2 minutes' AND k.at + interval '5 minutes') AS near,
         EXISTS (SELECT 1 FROM tracked_events e JOIN tracked_sessions s ON s.workspace_id = e.workspace_id AND s.id = e.session_id
                 WHERE e.workspace_id = c.workspace_id AND e.event = 'checkout_completed' AND e.properties->>'order_id' = c.order_id::text
                   AND s.utm_source = 'email') AS from_email
       FROM owned_conversions c JOIN owned_clicks k ON k.workspace_id = c.workspace_id AND k.id = c.click_id
       WHERE c.workspace_id = $1 AND c.kind = 'click'`,
      [ws],
    );
    expect(rows.length).toBe(t.conversions.click.count);
    expect(rows.every((r) => r.human && !r.machine && r.near && r.from_email)).toBe(true);
    // Scanners' clicks are never human.
    const scanners = await getPool().query<{ n: string }>("SELECT count(*)::text AS n FROM owned_clicks WHERE workspace_id = $1 AND machine AND human", [ws]);
    expect(scanners.rows[0]!.n).toBe("0");

    // The drill: a flow's converting customers are its orders.
    const cart = report.rows.find((r) => r.campaign === "Abandoned cart")!;
    const converters = await ownedConverters(ws, { ...query, campaignId: cart.campaign_id, groupBy: "template" });
    expect(converters.converters.length).toBe(cart.conversions.open.count + cart.conversions.click.count + cart.conversions.session.count);

    // Seeding again writes nothing; a second workspace from the same seed and clock has the same program.
    expect(await seedDemoOwnedProgram(ws, { now })).toEqual({ sends: 0, clicks: 0, human: 0 });
    const twin = await demoWorkspace(now);
    const twinReport = await ownedReport(twin.ws, query);
    // Member or anonymous is read as identity resolves now, which is identity's own pace: left out.
    const figures = (r: typeof report) =>
      r.rows.map((row) => ({ ...row, campaign_id: null, conversions: Object.fromEntries(Object.entries(row.conversions).map(([k, v]) => [k, { count: v.count, rate: v.rate, revenue: v.revenue }])) }));
    expect(figures(twinReport)).toEqual(figures(report));
  }, 180_000);
});
