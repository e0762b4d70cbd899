import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { attributeOrders } from "@/lib/attribution/recompute";
import { ORDER_AT, attributionStore, before, customer, link, placeOrder, refreshTouchpoints, session, visitor } from "./support";
import { unique } from "../helpers";

// A workspace for the attribution screens: matched and unmatched orders beside ad spend and
// what the ad platforms claim (ad_daily rows written as the rollup would).

export async function adDay(workspaceId: string, row: { platform: string; channel: string; campaign: string; currency: string; spend: string; conversions: string; value: string }) {
  await getPool().query(
    `INSERT INTO ad_daily (workspace_id, day, platform, channel, campaign_id, currency, spend, revenue, impressions, clicks, conversions)
     VALUES ($1, '2026-11-19', $2, $3, $4, $5, $6::numeric, $7::numeric, 100, 10, $8::numeric)`,
    [workspaceId, row.platform, row.channel, row.campaign, row.currency, row.spend, row.value, row.conversions],
  );
}

// A new customer's $10 order after a Google click (campaign 987) and an email visit, an unmatched
// $5 order, and spend on Google (USD) and Meta (EUR at 1.1) that day.
export async function workspaceWithSpend() {
  const store = await attributionStore();
  const ws = store.workspace.id;
  await db.adCampaign.create({ data: { workspaceId: ws, connectionId: store.connection.id, platform: "google_ads", accountId: "a", campaignId: "987", name: "Brand search" } });
  await db.adCampaign.create({ data: { workspaceId: ws, connectionId: store.connection.id, platform: "meta_ads", accountId: "b", campaignId: "555", name: "Prospecting" } });
  const v = unique("cid");
  await visitor(ws, v);
  await session(ws, v, before(3), { channel: "google", clickIdType: "gclid", utmCampaign: "Brand search" });
  await session(ws, v, before(1), { channel: "email", utmCampaign: "Winter" });
  await refreshTouchpoints(ws, [v]);
  await link(ws, v, "order", "9101");
  await customer(store.scope, 501n, null);
  await placeOrder(store.scope, 9101, ORDER_AT, "10.00", 501n);
  await placeOrder(store.scope, 9102, ORDER_AT, "5.00");
  await attributeOrders(ws, [9101n, 9102n].map((orderId) => ({ connectionId: store.connection.id, orderId })));
  await adDay(ws, { platform: "google_ads", channel: "google", campaign: "987", currency: "USD", spend: "4", conversions: "3", value: "30" });
  await adDay(ws, { platform: "meta_ads", channel: "facebook", campaign: "555", currency: "EUR", spend: "2", conversions: "1", value: "8" });
  await getPool().query(`INSERT INTO exchange_rates (day, base, quote, rate, source) VALUES ('2026-11-19', 'EUR', 'USD', 1.1, 'test') ON CONFLICT DO NOTHING`);
  return store;
}
