import { NextRequest } from "next/server";
import { describe, expect, it, vi } from "vitest";
import { GET as reportRoute } from "@/app/api/v1/workspaces/[slug]/reports/attribution/route";
import { runModelComparison } from "@/lib/attribution/comparison";
import { attributeDeals } from "@/lib/attribution/deals";
import { parseAttributionQuery } from "@/lib/attribution/report";
import { attributeOrders } from "@/lib/attribution/recompute";
import { getPool } from "@/lib/db/pool";
import { apiKey } from "../dashboards/support";
import { ORDER_AT, attributionStore, before, customer, dailyRows, emailHash, link, placeOrder, refreshTouchpoints, session, visitor, wonDeal } from "./support";
import { unique } from "../helpers";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

async function report(slug: string, key: string, query: string) {
  const request = new NextRequest(`http://localhost/api/v1/workspaces/${slug}/reports/attribution?${query}`, { headers: { authorization: `Bearer ${key}` } });
  const response = await reportRoute(request, { params: Promise.resolve({ slug }) });
  return { status: response.status, body: await response.json() };
}


const RANGE = "date_from=2026-11-01&date_to=2026-11-30";
const rowsOf = (body: { rows: { key: string; attributed_orders: string; revenue: string }[] }) =>
  body.rows.map((r) => ({ key: r.key, orders: r.attributed_orders, revenue: r.revenue }));

// A lead who came from Facebook, then clicked a Google ad, and was identified by email on the
// site; the CRM contact with that email closes a $1,234.56 deal. Another visitor buys online.
async function journey() {
  const store = await attributionStore();
  const ws = store.workspace.id;
  const crm = unique("crm");
  await customer({ workspaceId: ws, connectionId: crm }, 42n, "lead@example.com");
  const lead = unique("cid");
  await visitor(ws, lead);
  await session(ws, lead, before(5), { channel: "facebook" });
  await session(ws, lead, before(2), { channel: "google", clickIdType: "gclid" });
  await link(ws, lead, "email", emailHash("lead@example.com"));
  const buyer = unique("cid");
  await visitor(ws, buyer);
  await session(ws, buyer, before(1), { channel: "email" });
  await link(ws, buyer, "order", "9301");
  await refreshTouchpoints(ws, [lead, buyer]);
  await placeOrder(store.scope, 9301, ORDER_AT, "10.00");
  await attributeOrders(ws, [{ connectionId: store.connection.id, orderId: 9301n }]);
  await wonDeal(ws, crm, "deal-1", 42n, 123456);
  return { ...store, crm, viewer: await apiKey(ws, store.owner.id, "viewer") };
}

describe("won CRM deals as attribution conversions", () => {
  it("credits a won deal's value to its contact's sessions, apart from orders unless asked, and takes it back when the deal is reopened", async () => {
    const { workspace, crm, viewer } = await journey();
    const ws = workspace.id;
    expect(await attributeDeals(ws)).toEqual({ deals: 1, changed: 1, removed: 0 });
    const daily = await dailyRows(ws);
    // Again: the same credits, nothing netted or written.
    expect(await attributeDeals(ws)).toEqual({ deals: 1, changed: 0, removed: 0 });
    expect(await dailyRows(ws)).toEqual(daily);

    const last = await report(workspace.slug, viewer, `model=last_touch&window=7&conversion_type=deal&${RANGE}`);
    expect(last.status).toBe(200);
    expect(last.body.conversion_type).toBe("deal");
    expect(rowsOf(last.body)).toEqual([{ key: "google", orders: "1.0000", revenue: "1234.56" }]);
    const linear = await report(workspace.slug, viewer, `model=linear&window=7&conversion_type=deal&${RANGE}`);
    expect(rowsOf(linear.body)).toEqual([
      { key: "facebook", orders: "0.5000", revenue: "617.28" },
      { key: "google", orders: "0.5000", revenue: "617.28" },
    ]);
    // Paid only keeps the ad click; a one-day window keeps nothing of a journey that ended two days before.
    expect(rowsOf((await report(workspace.slug, viewer, `model=linear&window=7&paid_only=true&conversion_type=deal&${RANGE}`)).body))
      .toEqual([{ key: "google", orders: "1.0000", revenue: "1234.56" }]);
    expect((await report(workspace.slug, viewer, `model=linear&window=1&conversion_type=deal&${RANGE}`)).body.rows).toEqual([]);

    // By default the report is of orders, as before deals were counted; `all` adds both.
    const orders = await report(workspace.slug, viewer, `model=last_touch&window=7&${RANGE}`);
    expect(orders.body.conversion_type).toBe("order");
    expect(rowsOf(orders.body)).toEqual([{ key: "email", orders: "1.0000", revenue: "10.00" }]);
    expect(rowsOf((await report(workspace.slug, viewer, `model=last_touch&window=7&conversion_type=all&${RANGE}`)).body)).toEqual([
      { key: "google", orders: "1.0000", revenue: "1234.56" },
      { key: "email", orders: "1.0000", revenue: "10.00" },
    ]);

    // The model comparison follows the same choice: deals alone, orders by default.
    const compare = (conversions: string) =>
      runModelComparison(ws, parseAttributionQuery(new URLSearchParams(`window=7&conversion_type=${conversions}&${RANGE}`)), "revenue");
    const deals = await compare("deal");
    expect(deals.rows.map((r) => [r.key, r.values.last_touch, r.values.first_touch])).toEqual([["google", "1234.56", "0.00"], ["facebook", "0.00", "1234.56"]]);
    expect((await compare("order")).rows.map((r) => [r.key, r.values.last_touch])).toEqual([["email", "10.00"]]);

    await getPool().query("UPDATE crm_deals SET status = 'open', closed_at = NULL WHERE workspace_id = $1 AND connection_id = $2", [ws, crm]);
    expect(await attributeDeals(ws)).toEqual({ deals: 0, changed: 0, removed: 1 });
    expect((await report(workspace.slug, viewer, `model=last_touch&window=7&conversion_type=deal&${RANGE}`)).body.rows).toEqual([]);
    expect((await dailyRows(ws)).length).toBeGreaterThan(0);
    const { rows } = await getPool().query("SELECT count(*)::int AS n FROM attribution_daily WHERE workspace_id = $1 AND conversion_type = 'deal'", [ws]);
    expect(rows[0].n).toBe(0);
    expect(rowsOf((await report(workspace.slug, viewer, `model=last_touch&window=7&conversion_type=all&${RANGE}`)).body))
      .toEqual([{ key: "email", orders: "1.0000", revenue: "10.00" }]);
  });

  it("follows a contact merged into another person to that person's visitors", async () => {
    const { workspace, crm, viewer } = await journey();
    const ws = workspace.id;
    // The contact (a second CRM customer with its own email) was merged by phone into Pat, whose visitor is identified.
    const pat = `e:${emailHash("pat@example.com")}`;
    await customer({ workspaceId: ws, connectionId: crm }, 43n, "pat.work@example.com");
    await getPool().query("UPDATE customers SET merged_into = $3 WHERE workspace_id = $1 AND connection_id = $2 AND external_id = 43", [ws, crm, pat]);
    const phone = unique("cid");
    await visitor(ws, phone, pat);
    await session(ws, phone, before(1), { channel: "tiktok" });
    await refreshTouchpoints(ws, [phone]);
    await wonDeal(ws, crm, "deal-2", 43n, 5000);
    expect(await attributeDeals(ws)).toEqual({ deals: 2, changed: 2, removed: 0 });
    expect(rowsOf((await report(workspace.slug, viewer, `model=last_touch&window=7&conversion_type=deal&${RANGE}`)).body)).toEqual([
      { key: "google", orders: "1.0000", revenue: "1234.56" },
      { key: "tiktok", orders: "1.0000", revenue: "50.00" },
    ]);
  });

  it("refuses an unknown conversion type naming it, and answers 404 to another workspace's key", async () => {
    const { workspace, viewer } = await journey();
    const bad = await report(workspace.slug, viewer, "conversion_type=lead");
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.error.fields)).toEqual(["conversion_type"]);
    const theirs = await attributionStore();
    const theirKey = await apiKey(theirs.workspace.id, theirs.owner.id, "owner");
    expect((await report(workspace.slug, theirKey, `conversion_type=deal&${RANGE}`)).status).toBe(404);
    // Their own deal report is empty: the deals of one workspace never reach another's.
    await attributeDeals(theirs.workspace.id);
    expect((await report(theirs.workspace.slug, theirKey, `model=last_touch&window=7&conversion_type=all&${RANGE}`)).body.rows).toEqual([]);
  });
});
