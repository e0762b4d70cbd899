import type { PoolClient } from "pg";
import { inTransaction } from "@/lib/db/pool";
import { identifierText, identityBatchOf, type TIdentityEvent } from "./extract";
import { recordIdentityBatch } from "./record";
import { resolveAround } from "./resolve";

// Run after each drain on the events it moved: records the visitors, their links and ties, and
// re-resolves the visitors those touch. A checkout's order usually reaches the store sync after
// the event, so links to store ids that stood for no one yet are tried again on every pass for
// a week.

export const PENDING_RETRY_DAYS = 7;
const MAX_PENDING = 500;

const PENDING_SQL = `
SELECT kind, value FROM identity_links
WHERE workspace_id = $1 AND person_key IS NULL AND kind IN ('order', 'customer')
  AND first_seen_at > (now() AT TIME ZONE 'UTC') - make_interval(days => ${PENDING_RETRY_DAYS})
LIMIT ${MAX_PENDING}`;

export async function linkIdentitiesIn(client: PoolClient, workspaceId: string, events: readonly TIdentityEvent[]): Promise<{ visitors: number; links: number; resolved: number }> {
  const batch = identityBatchOf(events);
  await recordIdentityBatch(client, workspaceId, batch);
  const pending = await client.query<{ kind: string; value: string }>(PENDING_SQL, [workspaceId]);
  const identifiers = new Set([...batch.links.map(identifierText), ...pending.rows.map((r) => `${r.kind}:${r.value}`)]);
  const resolved = identifiers.size > 0 ? await resolveAround(client, workspaceId, identifiers) : 0;
  return { visitors: batch.visitors.length, links: batch.links.length, resolved };
}

/** The drain's hook: one transaction per workspace's batch. */
export async function linkIdentities(workspaceId: string, events: readonly TIdentityEvent[]) {
  if (events.length === 0) return { visitors: 0, links: 0, resolved: 0 };
  return inTransaction((client) => linkIdentitiesIn(client, workspaceId, events));
}
