import type { PoolClient } from "pg";
import { inTransaction, utc } from "@/lib/db/pool";
import { OWNED_CLICK_KEY } from "@/lib/tracking/event";
import { HUMAN_WINDOW } from "./window";

// Tying a tracked click to the visitor who made it. The redirect appends the click id (sb_cid)
// to the landing URL; the snippet sends it with the visit's events (context.sb_cid, or read from
// the page URL by the event API). The first visitor whose event carries it within the click's
// window (2:00 before to 5:00 after) is the click's visitor: an event outside it could not make the
// click human anyway, and a landing URL shared onwards must not hand the click to someone else.
// Linking decides nothing itself: the human check (hourly, or when a conversion arrives) does.

/** What a drain stored for one workspace (lib/tracking/after-drain.ts DrainedWorkspace). */
export type TDrainedClickSpan = { workspaceId: string; earliest: Date; latest: Date; anonymousIds: string[] };

// $1 workspace, $2 visitors, $3/$4 the drained span. A click judged not human before its visitor
// was known is undecided again, so the next check sees the visit.
const LINK_DRAINED_SQL = `
UPDATE owned_clicks k SET visitor_id = e.anonymous_id, human = CASE WHEN k.human = false THEN NULL ELSE k.human END
FROM (
  SELECT DISTINCT ON (e.context->>'${OWNED_CLICK_KEY}') e.context->>'${OWNED_CLICK_KEY}' AS click_id, e.anonymous_id, e.occurred_at
  FROM tracked_events e
  WHERE e.workspace_id = $1 AND e.anonymous_id = ANY($2::text[]) AND e.occurred_at BETWEEN $3::timestamp AND $4::timestamp
    AND e.context ? '${OWNED_CLICK_KEY}' AND NOT COALESCE(e.is_bot, false)
  ORDER BY e.context->>'${OWNED_CLICK_KEY}', e.occurred_at, e.message_id
) e
WHERE k.workspace_id = $1 AND k.click_id = e.click_id AND k.visitor_id IS NULL
  AND e.occurred_at BETWEEN k.at - make_interval(secs => ${HUMAN_WINDOW.beforeMs / 1000}) AND k.at + make_interval(secs => ${HUMAN_WINDOW.afterMs / 1000})`;

/** The after-drain consumer: clicks whose id the drained events carry get their visitor. Returns how many were linked. */
export async function linkDrainedClicks(drained: readonly TDrainedClickSpan[]): Promise<number> {
  let linked = 0;
  for (const span of drained) {
    if (span.anonymousIds.length === 0) continue;
    const result = await inTransaction((client) =>
      client.query(LINK_DRAINED_SQL, [span.workspaceId, [...span.anonymousIds].sort(), utc(span.earliest), utc(span.latest)]),
    );
    linked += result.rowCount ?? 0;
  }
  return linked;
}

/**
 * The same link made from the click's side, for clicks still without a visitor when they are
 * judged (the drain's consumer may not have run): each click's window of events is read through
 * the events' (workspace, time) key. Returns the visitors found, by click row id.
 */
export async function linkClicksFromEvents(client: PoolClient, workspaceId: string, clicks: readonly { id: string; click_id: string; at: Date }[]): Promise<Map<string, string>> {
  if (clicks.length === 0) return new Map();
  const { rows } = await client.query<{ id: string; anonymous_id: string }>(
    `UPDATE owned_clicks k SET visitor_id = found.anonymous_id
     FROM unnest($2::bigint[], $3::text[], $4::timestamp[]) AS c(id, click_id, at)
     CROSS JOIN LATERAL (
       SELECT e.anonymous_id FROM tracked_events e
       WHERE e.workspace_id = $1 AND e.occurred_at BETWEEN c.at - make_interval(secs => ${HUMAN_WINDOW.beforeMs / 1000}) AND c.at + make_interval(secs => ${HUMAN_WINDOW.afterMs / 1000})
         AND e.context->>'${OWNED_CLICK_KEY}' = c.click_id AND NOT COALESCE(e.is_bot, false)
       ORDER BY e.occurred_at, e.message_id LIMIT 1
     ) found
     WHERE k.workspace_id = $1 AND k.id = c.id AND k.visitor_id IS NULL
     RETURNING k.id::text, k.visitor_id AS anonymous_id`,
    [workspaceId, clicks.map((c) => c.id), clicks.map((c) => c.click_id), clicks.map((c) => utc(c.at))],
  );
  return new Map(rows.map((r) => [r.id, r.anonymous_id]));
}

/**
 * Clicks no event ties to a visitor: a platform's own tracked links (Klaviyo's) carry no sb_cid.
 * The recipient's known visitors stand in (visitors whose person is the send's recipient email,
 * the customer key lib/customers gives an email): the first of them active in the click's window
 * becomes its visitor, so the same rule judges it. Returns the visitors found, by click row id.
 */
export async function linkClicksToRecipients(client: PoolClient, workspaceId: string, clicks: readonly { id: string; at: Date }[]): Promise<Map<string, string>> {
  if (clicks.length === 0) return new Map();
  const { rows } = await client.query<{ id: string; anonymous_id: string }>(
    `WITH found AS (
       SELECT DISTINCT ON (c.id) c.id, e.anonymous_id
       FROM unnest($2::bigint[], $3::timestamp[]) AS c(id, at)
       JOIN owned_clicks k ON k.workspace_id = $1 AND k.id = c.id AND k.visitor_id IS NULL
       JOIN owned_sends s ON s.workspace_id = $1 AND s.id = k.send_id AND s.recipient_email_hash IS NOT NULL
       JOIN visitors v ON v.workspace_id = $1 AND v.person_key = 'e:' || s.recipient_email_hash
       JOIN tracked_events e ON e.workspace_id = $1 AND e.anonymous_id = v.anonymous_id AND NOT COALESCE(e.is_bot, false)
         AND e.occurred_at BETWEEN c.at - make_interval(secs => ${HUMAN_WINDOW.beforeMs / 1000}) AND c.at + make_interval(secs => ${HUMAN_WINDOW.afterMs / 1000})
       ORDER BY c.id, e.occurred_at, e.message_id
     )
     UPDATE owned_clicks k SET visitor_id = found.anonymous_id FROM found
     WHERE k.workspace_id = $1 AND k.id = found.id
     RETURNING k.id::text, k.visitor_id AS anonymous_id`,
    [workspaceId, clicks.map((c) => c.id), clicks.map((c) => utc(c.at))],
  );
  return new Map(rows.map((r) => [r.id, r.anonymous_id]));
}
