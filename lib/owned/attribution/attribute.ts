import type { PoolClient } from "pg";
import { queueOrdersOfVisitors } from "@/lib/attribution/pending";
import { refreshTouchpoints } from "@/lib/attribution/touchpoints";
import { getPool, inTransaction, utc } from "@/lib/db/pool";
import { OWNED_CLICK_ID_PARAM } from "../types";
import { linkClicksFromEvents, linkClicksToRecipients } from "../humans/link";
import { dueForConversionCheck, activitySpan, judgeClicks, HOURLY_MIN_AGE_MS, type TClickVerdict } from "../humans/window";
import { ATTRIBUTION_WINDOW_MS, attributeOrder, recomputeSpan, type TOwnedClick, type TOwnedOpen } from "./rule";
import { requestOwnedReportRefresh } from "../report/request";

// Owned attribution on the stored rows. An order's customer is what the attribution match found
// (order_attributions: its visitor and person), its store customer and that customer's email:
// sends to any of those, and clicks made by any of the person's visitors, are its candidates.
// Before choosing, the customer's clicks of the previous 72 hours are judged human or not.

export type TOrderRef = { connectionId: string; orderId: bigint };

type TOrderRow = {
  connection_id: string; order_id: string; order_at: Date; revenue_minor: string; currency: string; anonymous_id: string | null;
  customer_id: string | null; email_hash: string | null; person_email: string | null; visitors: string[];
};

const ORDERS_SQL = `
SELECT a.connection_id, a.order_id::text, a.order_at, a.revenue_minor::text, a.currency, a.anonymous_id,
  o.customer_id::text, cu.email_hash,
  CASE WHEN a.person_key LIKE 'e:%' THEN substr(a.person_key, 3) END AS person_email,
  ARRAY(SELECT v.anonymous_id FROM visitors v WHERE v.workspace_id = a.workspace_id
        AND (v.anonymous_id = a.anonymous_id OR (a.person_key IS NOT NULL AND v.person_key = a.person_key))) AS visitors
FROM order_attributions a
JOIN orders o ON o.workspace_id = a.workspace_id AND o.connection_id = a.connection_id AND o.external_id = a.order_id
LEFT JOIN customers cu ON cu.workspace_id = o.workspace_id AND cu.connection_id = o.connection_id AND cu.external_id = o.customer_id
WHERE a.workspace_id = $1 AND (a.connection_id, a.order_id) IN (SELECT * FROM unnest($2::text[], $3::bigint[]))`;

type TClickRow = { id: string; send_id: string; at: Date; visitor_id: string | null; human: boolean | null; machine: boolean; click_id: string; campaign_id: string; template_id: string; channel: string };
type TOpenRow = { id: string; send_id: string; at: Date; machine: boolean };
type TSendRef = { campaign_id: string; template_id: string; channel: string };

// $1 workspace, $2 email hashes, $3 customer ids, $4 visitors, $5 from, $6 to (opens: no visitors, $4 from, $5 to).
const CLICKS_SQL = `
SELECT k.id::text, k.send_id::text, k.at, k.visitor_id, k.human, k.machine, k.click_id, s.campaign_id, s.template_id, s.channel
FROM owned_clicks k
JOIN owned_sends s ON s.workspace_id = k.workspace_id AND s.id = k.send_id
WHERE k.workspace_id = $1 AND k.at BETWEEN $5::timestamp AND $6::timestamp AND NOT s.is_test
  AND (s.recipient_email_hash = ANY($2::text[]) OR s.recipient_customer_id = ANY($3::text[]) OR k.visitor_id = ANY($4::text[]))`;

const OPENS_SQL = `
SELECT p.id::text, p.send_id::text, p.at, p.machine, s.campaign_id, s.template_id, s.channel
FROM owned_opens p
JOIN owned_sends s ON s.workspace_id = p.workspace_id AND s.id = p.send_id
WHERE p.workspace_id = $1 AND p.at BETWEEN $4::timestamp AND $5::timestamp AND NOT s.is_test AND p.source = 'pixel'
  AND (s.recipient_email_hash = ANY($2::text[]) OR s.recipient_customer_id = ANY($3::text[]))`;

/** Page views and events of these visitors in [from, to]: what decides their clicks. */
async function activityOf(client: PoolClient, workspaceId: string, visitors: string[], from: Date, to: Date) {
  if (visitors.length === 0) return [];
  const { rows } = await client.query<{ anonymous_id: string; occurred_at: Date }>(
    `SELECT anonymous_id, occurred_at FROM tracked_events
     WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[]) AND occurred_at BETWEEN $3::timestamp AND $4::timestamp`,
    [workspaceId, visitors, utc(from), utc(to)],
  );
  return rows.map((r) => ({ visitorId: r.anonymous_id, at: r.occurred_at }));
}

type TClickToStore = { id: string; send_id: string; at: Date; visitor_id: string | null; human: boolean | null; machine: boolean; click_id: string };
export type TJudged = { verdicts: Map<string, TClickVerdict>; queuedOrders: number };

/**
 * Judges clicks and stores the verdicts that changed. A click found human also counts as an open
 * of its send (an image-blocked read): one open row stands for it. Clicks still without a visitor
 * are first looked up by their click id in the events of their window, then (a platform's own
 * links carry no click id) among their recipient's known visitors. Where a verdict changed,
 * the visitors' touchpoints are rewritten (a person's click is one, lib/attribution) and their
 * recent orders queued for attribution.
 */
export async function judgeAndStore(client: PoolClient, workspaceId: string, given: readonly TClickToStore[], now: Date): Promise<TJudged> {
  const span = activitySpan(given.map((c) => c.at.getTime()));
  if (!span) return { verdicts: new Map(), queuedOrders: 0 };
  const found = await linkClicksFromEvents(client, workspaceId, given.filter((c) => c.visitor_id === null));
  const byRecipient = await linkClicksToRecipients(client, workspaceId, given.filter((c) => c.visitor_id === null && !found.has(c.id)));
  for (const [id, visitor] of byRecipient) found.set(id, visitor);
  const clicks = given.map((c) => (found.has(c.id) ? { ...c, visitor_id: found.get(c.id)! } : c));
  const visitors = [...new Set(clicks.flatMap((c) => (c.visitor_id ? [c.visitor_id] : [])))];
  const activity = await activityOf(client, workspaceId, visitors, span.from, span.to);
  const verdicts = judgeClicks(clicks.map((c) => ({ id: c.id, visitorId: c.visitor_id, clickedAt: c.at })), activity, now);
  const changed = clicks.filter((c) => verdicts.get(c.id) !== null && verdicts.get(c.id) !== c.human);
  if (changed.length > 0) {
    await client.query(
      `UPDATE owned_clicks k SET human = v.human, human_checked_at = $4::timestamp
       FROM unnest($2::bigint[], $3::boolean[]) AS v(id, human) WHERE k.workspace_id = $1 AND k.id = v.id`,
      [workspaceId, changed.map((c) => c.id), changed.map((c) => verdicts.get(c.id)!), utc(now)],
    );
    const human = changed.filter((c) => verdicts.get(c.id) === true && !c.machine);
    await client.query(
      `INSERT INTO owned_opens (workspace_id, send_id, at, source, click_id)
       SELECT $1, v.send_id, v.at, 'human_click', v.id FROM unnest($2::bigint[], $3::bigint[], $4::timestamp[]) AS v(id, send_id, at)
       WHERE NOT EXISTS (SELECT 1 FROM owned_opens p WHERE p.workspace_id = $1 AND p.send_id = v.send_id AND p.click_id = v.id)`,
      [workspaceId, human.map((c) => c.id), human.map((c) => c.send_id), human.map((c) => utc(c.at))],
    );
    await client.query(
      `DELETE FROM owned_opens p USING unnest($2::bigint[]) AS v(id)
       WHERE p.workspace_id = $1 AND p.source = 'human_click' AND p.click_id = v.id`,
      [workspaceId, changed.filter((c) => verdicts.get(c.id) === false).map((c) => c.id)],
    );
  }
  const touched = [...new Set(changed.flatMap((c) => (c.visitor_id ? [c.visitor_id] : [])))].sort();
  if (touched.length === 0) return { verdicts, queuedOrders: 0 };
  await refreshTouchpoints(client, workspaceId, { anonymousIds: touched });
  return { verdicts, queuedOrders: await queueOrdersOfVisitors(client, workspaceId, touched) };
}

/** The order's session, when it started from a tracked link: the latest session of its visitors that began in the 24 hours before it. */
async function sessionFromLink(client: PoolClient, workspaceId: string, visitors: string[], orderAt: Date) {
  if (visitors.length === 0) return null;
  const { rows } = await client.query<{ id: string; anonymous_id: string; click_id: string | null }>(
    `SELECT s.id, s.anonymous_id, substring(s.landing_page from '[?&]${OWNED_CLICK_ID_PARAM}=([^&#]+)') AS click_id
     FROM tracked_sessions s
     WHERE s.workspace_id = $1 AND s.anonymous_id = ANY($2::text[]) AND s.started_at BETWEEN $3::timestamp AND $4::timestamp AND NOT s.is_bot
     ORDER BY s.started_at DESC LIMIT 1`,
    [workspaceId, visitors, utc(new Date(orderAt.getTime() - ATTRIBUTION_WINDOW_MS)), utc(orderAt)],
  );
  const session = rows[0];
  if (!session?.click_id) return null;
  const click = await client.query<TClickRow>(
    `SELECT k.id::text, k.send_id::text, s.campaign_id, s.template_id, s.channel FROM owned_clicks k
     JOIN owned_sends s ON s.workspace_id = k.workspace_id AND s.id = k.send_id
     WHERE k.workspace_id = $1 AND k.click_id = $2 AND NOT s.is_test`,
    [workspaceId, session.click_id],
  );
  return click.rows[0] ? { session, click: click.rows[0] } : null;
}

async function attributeOne(client: PoolClient, workspaceId: string, order: TOrderRow, now: Date): Promise<number> {
  // An order can be attributed by two passes at once (a workspace recompute and the clicks just
  // judged); each replaces the order's rows, so they take turns rather than both inserting them.
  await client.query("SELECT pg_advisory_xact_lock(hashtext('owned_conversions'), hashtext($1::text || ':' || $2::text || ':' || $3::text))", [workspaceId, order.connection_id, order.order_id]);
  const orderAt = order.order_at;
  const emails = [order.email_hash, order.person_email].filter((v): v is string => !!v);
  const customers = order.customer_id ? [order.customer_id] : [];
  const visitors = order.visitors;
  const base = [workspaceId, emails, customers, visitors];
  const clickRows = (await client.query<TClickRow>(CLICKS_SQL, [...base, utc(new Date(orderAt.getTime() - 72 * 3_600_000)), utc(orderAt)])).rows;
  const { verdicts } = await judgeAndStore(client, workspaceId, dueForConversionCheck(clickRows.map((c) => ({ ...c, clickedAt: c.at })), orderAt), now);
  const sendOf = new Map<string, TSendRef>(clickRows.map((c) => [c.send_id, c]));
  const clicks: TOwnedClick[] = clickRows.map((c) => ({ id: c.id, sendId: c.send_id, at: c.at, human: verdicts.has(c.id) ? verdicts.get(c.id)! : c.human, machine: c.machine }));
  const openRows = (await client.query<TOpenRow & TSendRef>(OPENS_SQL, [workspaceId, emails, customers, utc(new Date(orderAt.getTime() - ATTRIBUTION_WINDOW_MS)), utc(orderAt)])).rows;
  for (const o of openRows) sendOf.set(o.send_id, o);
  const opens: TOwnedOpen[] = openRows.map((o) => ({ id: o.id, sendId: o.send_id, at: o.at, machine: o.machine }));

  const rows: { kind: string; sendId: string; clickId: string | null; openId: string | null; sessionId: string | null }[] = [];
  const won = attributeOrder(orderAt, clicks, opens);
  if (won?.click) rows.push({ kind: "click", sendId: won.click.sendId, clickId: won.click.id, openId: null, sessionId: null });
  if (won) rows.push({ kind: "open", sendId: won.open.sendId, clickId: won.open.kind === "click" ? won.open.id : null, openId: won.open.kind === "open" ? won.open.id : null, sessionId: null });
  const session = await sessionFromLink(client, workspaceId, visitors, orderAt);
  if (session) {
    sendOf.set(session.click.send_id, session.click);
    rows.push({ kind: "session", sendId: session.click.send_id, clickId: session.click.id, openId: null, sessionId: session.session.id });
  }

  await client.query("DELETE FROM owned_conversions WHERE workspace_id = $1 AND connection_id = $2 AND order_id = $3::bigint", [workspaceId, order.connection_id, order.order_id]);
  for (const r of rows) {
    const send = sendOf.get(r.sendId)!;
    await client.query(
      `INSERT INTO owned_conversions (workspace_id, connection_id, order_id, kind, send_id, campaign_id, template_id, channel, click_id, open_id, session_id,
         anonymous_id, order_at, order_day, revenue_minor, currency, attributed_at)
       SELECT $1, $2, $3::bigint, $4, $5::bigint, $6, $7, $8, $9::bigint, $10::bigint, $11, $12, a.order_at, a.order_day, a.revenue_minor, a.currency, $13::timestamp
       FROM order_attributions a WHERE a.workspace_id = $1 AND a.connection_id = $2 AND a.order_id = $3::bigint`,
      [workspaceId, order.connection_id, order.order_id, r.kind, r.sendId, send.campaign_id, send.template_id, send.channel, r.clickId, r.openId, r.sessionId, order.anonymous_id, utc(now)],
    );
  }
  return rows.length;
}

/** Attributes these orders to owned sends (replacing what they had); returns how many conversion rows were written. */
export async function attributeOwnedOrders(workspaceId: string, orders: readonly TOrderRef[], now: Date = new Date()): Promise<number> {
  if (orders.length === 0) return 0;
  // Without any send there is nothing to attribute to: most workspaces send nothing.
  const any = await getPool().query("SELECT 1 FROM owned_sends WHERE workspace_id = $1 LIMIT 1", [workspaceId]);
  if (any.rowCount === 0) return 0;
  const { rows } = await getPool().query<TOrderRow>(ORDERS_SQL, [workspaceId, orders.map((o) => o.connectionId), orders.map((o) => o.orderId.toString())]);
  let written = 0;
  for (const order of rows) written += await inTransaction((client) => attributeOne(client, workspaceId, order, now));
  return written;
}

/**
 * Every order since `since` again (the whole-workspace recompute that follows a backfill or a
 * settings change): orders that arrived in bulk are attributed to sends like those arriving one
 * by one. Orders placed before the first send cannot have been led by one and are skipped.
 */
export async function attributeOwnedOrdersSince(workspaceId: string, since: Date, now: Date = new Date()): Promise<number> {
  const { rows } = await getPool().query<{ connection_id: string; order_id: string }>(
    `SELECT a.connection_id, a.order_id::text FROM order_attributions a
     WHERE a.workspace_id = $1 AND a.order_at >= GREATEST($2::timestamp, (SELECT min(s.sent_at) FROM owned_sends s WHERE s.workspace_id = $1))
     ORDER BY a.order_at, a.connection_id, a.order_id`,
    [workspaceId, utc(since)],
  );
  return attributeOwnedOrders(workspaceId, rows.map((r) => ({ connectionId: r.connection_id, orderId: BigInt(r.order_id) })), now);
}

/**
 * The hourly recompute: orders placed 20 to 740 minutes ago that have no owned attribution yet,
 * or whose click or open rows are gone.
 */
export async function recomputeRecentOwnedOrders(now: Date = new Date(), only?: string): Promise<{ orders: number; conversions: number }> {
  const span = recomputeSpan(now);
  const { rows } = await getPool().query<{ workspace_id: string; connection_id: string; order_id: string }>(
    `SELECT a.workspace_id, a.connection_id, a.order_id::text FROM order_attributions a
     WHERE a.order_at BETWEEN $1::timestamp AND $2::timestamp AND ($3::text IS NULL OR a.workspace_id = $3)
       AND EXISTS (SELECT 1 FROM owned_sends s WHERE s.workspace_id = a.workspace_id)
       AND (NOT EXISTS (SELECT 1 FROM owned_conversions c WHERE c.workspace_id = a.workspace_id AND c.connection_id = a.connection_id AND c.order_id = a.order_id)
         OR EXISTS (SELECT 1 FROM owned_conversions c WHERE c.workspace_id = a.workspace_id AND c.connection_id = a.connection_id AND c.order_id = a.order_id
           AND ((c.click_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM owned_clicks k WHERE k.workspace_id = c.workspace_id AND k.id = c.click_id))
             OR (c.open_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM owned_opens p WHERE p.workspace_id = c.workspace_id AND p.id = c.open_id)))))
     ORDER BY a.workspace_id, a.order_at`,
    [utc(span.from), utc(span.to), only ?? null],
  );
  const byWorkspace = new Map<string, TOrderRef[]>();
  for (const r of rows) byWorkspace.set(r.workspace_id, [...(byWorkspace.get(r.workspace_id) ?? []), { connectionId: r.connection_id, orderId: BigInt(r.order_id) }]);
  let conversions = 0;
  for (const [workspaceId, orders] of byWorkspace) conversions += await attributeOwnedOrders(workspaceId, orders, now);
  return { orders: rows.length, conversions };
}

/** Undecided clicks judged per run, at most: a backlog is worked over the following hours. */
const CLICK_BATCH = 5_000;

/**
 * The hourly human check: undecided clicks at least 30 minutes old (younger ones are left for
 * later). `queued` names the workspaces whose orders were queued for attribution again.
 */
export async function judgeUndecidedClicks(now: Date = new Date(), only?: string): Promise<{ clicks: number; human: number; queued: string[] }> {
  const { rows } = await getPool().query<TClickToStore & { workspace_id: string }>(
    `SELECT workspace_id, id::text, send_id::text, at, visitor_id, human, machine, click_id FROM owned_clicks
     WHERE human IS NULL AND at <= $1::timestamp AND ($2::text IS NULL OR workspace_id = $2)
     ORDER BY at LIMIT $3`,
    [utc(new Date(now.getTime() - HOURLY_MIN_AGE_MS)), only ?? null, CLICK_BATCH],
  );
  const byWorkspace = new Map<string, typeof rows>();
  for (const r of rows) byWorkspace.set(r.workspace_id, [...(byWorkspace.get(r.workspace_id) ?? []), r]);
  let human = 0;
  const queued: string[] = [];
  for (const [workspaceId, clicks] of byWorkspace) {
    const judged = await inTransaction((client) => judgeAndStore(client, workspaceId, clicks, now));
    for (const v of judged.verdicts.values()) if (v === true) human++;
    if (judged.queuedOrders > 0) queued.push(workspaceId);
    await requestOwnedReportRefresh(workspaceId);
  }
  return { clicks: rows.length, human, queued };
}
