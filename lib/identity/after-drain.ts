import { inTransaction, utc } from "@/lib/db/pool";
import type { TIdentityEvent } from "./extract";
import { linkIdentitiesIn } from "./link";
import { VISITOR_SEEN_AGAIN } from "./record";

// The identity graph's part of the work after each drain: the visitors a drain touched get their
// first and last seen times, and the events among them that carry an identifier are linked. It
// reads the stored rows (by visitor and time span), so running it twice changes nothing.

/** What a drain stored for one workspace (lib/tracking/after-drain.ts DrainedWorkspace). */
export type TDrainedSpan = { workspaceId: string; earliest: Date; latest: Date; anonymousIds: string[] };

const VISITORS_FROM_EVENTS_SQL = `
INSERT INTO visitors (workspace_id, anonymous_id, first_seen_at, last_seen_at, first_page_url, first_referrer)
SELECT $1, e.anonymous_id, min(e.occurred_at), max(e.occurred_at),
  (array_agg(e.page_url ORDER BY e.occurred_at, e.message_id))[1], (array_agg(e.referrer ORDER BY e.occurred_at, e.message_id))[1]
FROM tracked_events e
WHERE e.workspace_id = $1 AND e.anonymous_id = ANY($2::text[]) AND e.occurred_at BETWEEN $3::timestamp AND $4::timestamp
GROUP BY e.anonymous_id
ORDER BY e.anonymous_id
${VISITOR_SEEN_AGAIN}`;

// Only events that can carry an identifier (lib/identity/extract.ts identifiersOf).
const IDENTIFYING_EVENTS_SQL = `
SELECT e.message_id, e.event, to_char(e.occurred_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS occurred_at, e.anonymous_id, e.user_id, e.page_url, e.referrer, e.properties
FROM tracked_events e
WHERE e.workspace_id = $1 AND e.anonymous_id = ANY($2::text[]) AND e.occurred_at BETWEEN $3::timestamp AND $4::timestamp
  AND (e.user_id IS NOT NULL OR e.event = 'checkout_completed' OR e.properties ?| array['email_hash', 'traits', 'customer_id'])
ORDER BY e.occurred_at, e.message_id`;

type TEventRow = {
  message_id: string; event: string; occurred_at: string; anonymous_id: string; user_id: string | null;
  page_url: string | null; referrer: string | null; properties: Record<string, unknown> | null;
};

export async function linkDrainedSpan(span: TDrainedSpan): Promise<void> {
  if (span.anonymousIds.length === 0) return;
  const params = [span.workspaceId, [...span.anonymousIds].sort(), utc(span.earliest), utc(span.latest)];
  await inTransaction(async (client) => {
    await client.query(VISITORS_FROM_EVENTS_SQL, params);
    const { rows } = await client.query<TEventRow>(IDENTIFYING_EVENTS_SQL, params);
    const events: TIdentityEvent[] = rows.map((r) => ({
      messageId: r.message_id, event: r.event, occurredAt: new Date(r.occurred_at), anonymousId: r.anonymous_id,
      userId: r.user_id, pageUrl: r.page_url, referrer: r.referrer, properties: r.properties ?? {},
    }));
    await linkIdentitiesIn(client, span.workspaceId, events);
  });
}

/** The after-drain consumer: one transaction per workspace. */
export async function linkDrained(drained: readonly TDrainedSpan[]): Promise<void> {
  for (const span of drained) await linkDrainedSpan(span);
}
