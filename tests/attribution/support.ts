import crypto from "node:crypto";
import { db } from "@/lib/db/client";
import { getPool, inTransaction, utc } from "@/lib/db/pool";
import { keyedHash } from "@/lib/crypto/secrets";
import { creditsFor, decodeCredits, type TStoredCredits } from "@/lib/attribution/credit-store";
import { refreshTouchpoints as refreshAllTouchpoints } from "@/lib/attribution/touchpoints";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { upsertCustomers, upsertOrderBundles } from "@/lib/stores/ingest";
import { line, order } from "../metrics/store-fixture";
import { unique } from "../helpers";

// Hand-built journeys for attribution: a store in UTC (so local days are UTC days), visitors,
// their sessions and identity links written directly, as the tracking and identity rooms would.

export const ORDER_AT = new Date("2026-11-20T12:00:00Z");
export const DAY_MS = 86_400_000;
export const before = (days: number, from = ORDER_AT) => new Date(from.getTime() - days * DAY_MS);

export async function attributionStore(timeZone = "UTC") {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone });
  const connection = await db.connection.create({
    data: { workspaceId: workspace.id, provider: "shopify", externalAccountId: `${unique("shop")}.myshopify.com`, displayName: "Store", credentials: "-" },
  });
  return { owner, workspace, connection, scope: { workspaceId: workspace.id, connectionId: connection.id } };
}

export type TScope = { workspaceId: string; connectionId: string };

export async function customer(scope: TScope, id: bigint, email: string | null) {
  await upsertCustomers(scope, [{ externalId: id, email, firstOrderAt: null, ordersCount: 1, tags: [], createdAt: before(200), updatedAt: before(200) }]);
}

/** An order of one line at `amount`, placed at `at`. */
export async function placeOrder(scope: TScope, id: number, at: Date, amount: string, customerId: bigint | null = null) {
  await upsertOrderBundles(scope, [order(id, at.toISOString(), { customerId }, [line(id, "Widget", 1, amount)])]);
}

type TSessionFields = {
  channel?: string; utmSource?: string; utmMedium?: string; utmCampaign?: string; clickIdType?: string; landingPage?: string; referrer?: string; isBot?: boolean;
};

export async function session(workspaceId: string, anonymousId: string, at: Date, fields: TSessionFields = {}): Promise<string> {
  const id = crypto.randomUUID();
  await getPool().query(
    `INSERT INTO tracked_sessions (workspace_id, id, anonymous_id, started_at, ended_at, day, landing_page, referrer, utm_source, utm_medium, utm_campaign,
       click_id, click_id_type, channel, device, event_count, page_views, engaged_ms, is_bot)
     VALUES ($1, $2, $3, $4::timestamp, $4::timestamp, ($4::timestamp)::date, $5, $6, $7, $8, $9, $10, $11, $12, 'desktop', 1, 1, 0, $13)`,
    [
      workspaceId, id, anonymousId, utc(at), fields.landingPage ?? "https://shop.example/", fields.referrer ?? null, fields.utmSource ?? null,
      fields.utmMedium ?? null, fields.utmCampaign ?? null, fields.clickIdType ? "click-1" : null, fields.clickIdType ?? null,
      fields.channel ?? "direct", fields.isBot ?? false,
    ],
  );
  return id;
}

export async function visitor(workspaceId: string, anonymousId: string, personKey: string | null = null) {
  await db.visitor.create({
    data: { workspaceId, anonymousId, firstSeenAt: before(100), lastSeenAt: ORDER_AT, personKey, identifiedAt: personKey ? before(100) : null },
  });
}

export async function link(workspaceId: string, anonymousId: string, kind: "order" | "customer" | "email", value: string) {
  await db.identityLink.create({
    data: { workspaceId, anonymousId, kind, value, method: "event", messageId: crypto.randomUUID(), firstSeenAt: before(1), lastSeenAt: before(1) },
  });
}

export const emailHash = (email: string) => keyedHash(email);

export async function refreshTouchpoints(workspaceId: string, anonymousIds: string[]) {
  return inTransaction((client) => refreshAllTouchpoints(client, workspaceId, { anonymousIds }));
}

export async function orderRow(workspaceId: string, orderId: number) {
  return db.orderAttribution.findFirst({ where: { workspaceId, orderId: BigInt(orderId) } });
}

/** Credits of one order under one model, window and flag, per channel (orders in millionths, revenue in minor units). */
export async function creditsOf(workspaceId: string, orderId: number, model: string, windowDays: number, paidOnly = false) {
  const stored = await db.attributionOrderCredit.findMany({ where: { workspaceId, orderId: BigInt(orderId) } });
  const rows = stored.flatMap((s) => creditsFor(decodeCredits(s.credits as TStoredCredits), model, windowDays, paidOnly));
  const byChannel: Record<string, { orders: bigint; revenue: bigint }> = {};
  for (const row of rows) {
    const c = (byChannel[row.channel] ??= { orders: 0n, revenue: 0n });
    c.orders += row.ordersMicro;
    c.revenue += row.revenueMinor;
  }
  return byChannel;
}

export async function dailyRows(workspaceId: string) {
  const { rows } = await getPool().query(
    `SELECT basis, to_char(day, 'YYYY-MM-DD') AS day, model, window_days, paid_only, channel, platform, campaign,
       orders_micro::text, new_customer_micro::text, revenue_minor::text
     FROM attribution_daily WHERE workspace_id = $1 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
    [workspaceId],
  );
  return rows;
}

/** A won CRM deal of `convertedMinor` (USD), closed at ORDER_AT, whose contact is the CRM customer `customerId`. */
export async function wonDeal(workspaceId: string, connectionId: string, id: string, customerId: bigint, convertedMinor: number) {
  await getPool().query(
    `INSERT INTO crm_deals (workspace_id, connection_id, external_id, name, amount_minor, currency, converted_minor, converted_currency, rate_day,
       pipeline_id, stage_id, status, channel, customer_id, created_at, closed_at, updated_at)
     VALUES ($1, $2, $3, 'Annual plan', $4, 'USD', $4, 'USD', $5::date, 'default', 'closedwon', 'won', 'crm', $6, $7::timestamp, $5::timestamp, $5::timestamp)`,
    [workspaceId, connectionId, id, convertedMinor, ORDER_AT.toISOString().replace("Z", ""), customerId.toString(), before(30).toISOString().replace("Z", "")],
  );
}
