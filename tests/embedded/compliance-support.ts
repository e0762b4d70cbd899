import crypto from "node:crypto";
import { attributeOrders } from "@/lib/attribution/recompute";
import { db } from "@/lib/db/client";
import { DEFAULT_DEFINITION } from "@/lib/funnels/definition";
import { requestBuild, writeBuild } from "@/lib/funnels/progress";
import { getPool, utc } from "@/lib/db/pool";
import { refreshDirtyRollups } from "@/lib/metrics/rollups/refresh";
import { upsertCustomers } from "@/lib/stores/ingest";
import { ORDER_AT, attributionStore, before, emailHash, link, placeOrder, refreshTouchpoints, session, visitor, type TScope } from "../attribution/support";
import { unique } from "../helpers";

// A store whose customer Eve (store customer 801, her email known, tagged) has an order, a
// tracked visitor with events, a session, funnel times, identity links and ties, a merge, and an
// attributed order; Bob (802, no email) has an order and a visitor of his own. Everything the
// privacy webhooks must reach holds a row of Eve's.

export const EVE_EMAIL = "eve@example.com";

export async function customerWithTags(scope: TScope, id: bigint, email: string | null, tags: string[]) {
  await upsertCustomers(scope, [{ externalId: id, email, firstOrderAt: null, ordersCount: 1, tags, createdAt: before(200), updatedAt: before(200) }]);
}

export async function trackedEvent(workspaceId: string, anonymousId: string, at: Date) {
  await getPool().query(
    `INSERT INTO tracked_events (workspace_id, message_id, event, occurred_at, received_at, anonymous_id, properties, context, source)
     VALUES ($1, $2, 'page_view', $3::timestamp, $3::timestamp, $4, '{}', '{}', 'browser')`,
    [workspaceId, crypto.randomUUID(), utc(at), anonymousId],
  );
}

export async function funnelTimes(workspaceId: string, anonymousId: string, sessionId: string, at: Date) {
  await getPool().query(
    `INSERT INTO funnel_event_times (workspace_id, anonymous_id, event, session_id, is_bot, first_at, last_at, times)
     VALUES ($1, $2, 'page_view', $3, false, $4::timestamp, $4::timestamp, ARRAY[$4::timestamp])`,
    [workspaceId, anonymousId, sessionId, utc(at)],
  );
}

/**
 * A request's events waiting in the inbox, not yet drained: what the event API appends. Each
 * event is [anonymous id, event name, properties].
 */
export async function waitingEvents(workspaceId: string, events: [string, string, Record<string, unknown>][]) {
  const rows = events.map(([anonymousId, event, properties]) => ({
    message_id: crypto.randomUUID(), event, occurred_at: utc(before(0)), anonymous_id: anonymousId, properties, context: {},
  }));
  await getPool().query("INSERT INTO tracking_inbox (workspace_id, source, events) VALUES ($1, 'browser', $2::jsonb)", [workspaceId, JSON.stringify(rows)]);
}

/** Eve and Bob in one store (and events of both still waiting in the inbox), with the orders attributed and the rollups, people and cohorts built. */
export async function storeWithShoppers(store?: Awaited<ReturnType<typeof attributionStore>>) {
  const base = store ?? (await attributionStore());
  const { workspace, connection, scope } = base;
  const ws = workspace.id;
  const eveKey = `e:${emailHash(EVE_EMAIL)}`;
  await customerWithTags(scope, 801n, EVE_EMAIL, ["vip-eve"]);
  await customerWithTags(scope, 802n, null, []);
  // eveLater is a visitor whose only events are still waiting in the inbox, one of them naming Eve.
  const [eve, bob, eveLater] = [unique("cid"), unique("cid"), unique("cid")];
  await visitor(ws, eve, eveKey);
  await visitor(ws, bob, `c:${connection.id}:802`);
  const eveSession = await session(ws, eve, before(2), { channel: "google", clickIdType: "gclid" });
  const bobSession = await session(ws, bob, before(1), { channel: "facebook" });
  await refreshTouchpoints(ws, [eve, bob]);
  await trackedEvent(ws, eve, before(2));
  await trackedEvent(ws, bob, before(1));
  await funnelTimes(ws, eve, eveSession, before(2));
  await funnelTimes(ws, bob, bobSession, before(1));
  for (const anonymousId of [eve, bob]) {
    await getPool().query(
      "INSERT INTO popup_assignments (workspace_id, template_id, anonymous_id, arm, assigned_at) VALUES ($1, 'popup-1', $2, 'holdout', $3::timestamp)",
      [ws, anonymousId, utc(before(1))],
    );
  }
  // The default funnel keeps progress rows per person, from those times.
  const build = await requestBuild(ws, DEFAULT_DEFINITION, workspace.timeZone);
  await writeBuild(ws, build!.build.id);
  await link(ws, eve, "email", emailHash(EVE_EMAIL));
  await link(ws, eve, "order", "8001");
  await link(ws, bob, "order", "8002");
  await db.identityTie.create({
    data: { workspaceId: ws, kindA: "email", valueA: emailHash(EVE_EMAIL), kindB: "order", valueB: "8001", anonymousId: eve, messageId: crypto.randomUUID(), firstSeenAt: before(2), lastSeenAt: before(2) },
  });
  await db.identityMerge.create({
    data: { workspaceId: ws, personKey: eveKey, mergedKey: `c:${connection.id}:801`, reason: "email", evidence: "test", anonymousId: eve, messageId: crypto.randomUUID() },
  });
  await placeOrder(scope, 8001, ORDER_AT, "50.00", 801n);
  await placeOrder(scope, 8002, ORDER_AT, "20.00", 802n);
  await getPool().query("UPDATE orders SET landing_site = '/?ref=eve', referring_site = 'https://mail.example/' WHERE workspace_id = $1", [ws]);
  await attributeOrders(ws, [8001n, 8002n].map((orderId) => ({ connectionId: connection.id, orderId })));
  await refreshDirtyRollups(ws);
  await waitingEvents(ws, [
    [eve, "page_view", {}],
    [eveLater, "page_view", {}],
    [eveLater, "identify", { traits: { email_hash: emailHash(EVE_EMAIL) } }],
    [bob, "page_view", {}],
  ]);
  await ownedSendTo(ws, connection.id, eve, emailHash(EVE_EMAIL));
  return { ...base, ws, eveKey, eve, bob, eveLater };
}

/** The id owned-channel rows of Eve's are found by once they no longer name her. */
export const EVE_SEND_ID = "send-eve";

/** An email sent to Eve, her click on it (as her visitor), its pixel open and her order's conversion. */
async function ownedSendTo(ws: string, connectionId: string, eve: string, hash: string) {
  const pool = getPool();
  await pool.query(
    `INSERT INTO owned_campaigns (workspace_id, id, kind, channel, name, source, external_id, updated_at)
     VALUES ($1, 'camp-1', 'campaign', 'email', 'Newsletter', 'api', 'newsletter', now())`,
    [ws],
  );
  await pool.query(
    `INSERT INTO owned_templates (workspace_id, id, campaign_id, channel, name, source, external_id, updated_at)
     VALUES ($1, 'tpl-1', 'camp-1', 'email', 'Issue 1', 'api', 'issue-1', now())`,
    [ws],
  );
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO owned_sends (workspace_id, source, send_id, campaign_id, template_id, channel, recipient_customer_id, recipient_email_hash,
       sent_at, sent_day, status, updated_at)
     VALUES ($1, 'api', $2, 'camp-1', 'tpl-1', 'email', '801', $3, $4::timestamp, $4::date, 'delivered', now()) RETURNING id::text`,
    [ws, EVE_SEND_ID, hash, utc(before(3))],
  );
  const sendId = rows[0]!.id;
  await pool.query(
    `INSERT INTO owned_clicks (workspace_id, send_id, at, click_id, visitor_id, ip_hash, ip_prefix, user_agent_hash)
     VALUES ($1, $2, $3::timestamp, $4, $5, 'iphash', '203.0.113.0/24', 'uahash')`,
    [ws, sendId, utc(before(2)), unique("click"), eve],
  );
  await pool.query(
    "INSERT INTO owned_opens (workspace_id, send_id, at, source, ip_hash, ip_prefix) VALUES ($1, $2, $3::timestamp, 'pixel', 'iphash', '203.0.113.0/24')",
    [ws, sendId, utc(before(2))],
  );
  await pool.query(
    `INSERT INTO owned_conversions (workspace_id, connection_id, order_id, kind, send_id, campaign_id, template_id, channel, anonymous_id,
       order_at, order_day, revenue_minor, currency)
     VALUES ($1, $2, 8001, 'click', $3, 'camp-1', 'tpl-1', 'email', $4, $5::timestamp, $5::date, 5000, 'USD')`,
    [ws, connectionId, sendId, eve, utc(ORDER_AT)],
  );
}

/** Rows of `table` in the workspace (the table name comes from the coverage list, not from input). */
export async function rowsIn(table: string, workspaceId: string, where = "true", params: unknown[] = []): Promise<number> {
  const { rows } = await getPool().query<{ n: string }>(`SELECT count(*)::text AS n FROM ${table} WHERE workspace_id = $1 AND (${where})`, [workspaceId, ...params]);
  return Number(rows[0]!.n);
}
