import type { PoolClient } from "pg";
import { afterCommit, utc } from "@/lib/db/pool";
import { afterTagChange } from "./after-change";

// Manual tags follow identity merges: when a customer key is merged into another person
// (lib/identity/customer-keys.ts settles every merge and its undoing), the tags set by hand on the
// merged key move to the surviving key, keeping the earliest `since`, and the history records the
// merged key losing each one and the survivor gaining it (unless it had it already). Rule tags are
// left to the rules, which run again for the survivor after the next recompute. Undoing a merge
// does not move tags back: which of the two a tag was meant for is no longer known.

// $1 workspace, $2 merged keys, $3 the key each was merged into.
const CARRY_SQL = `
WITH moves AS (SELECT * FROM unnest($2::text[], $3::text[]) AS m(from_key, to_key) WHERE m.from_key <> m.to_key),
gone AS (
  DELETE FROM person_tags pt USING moves m
  WHERE pt.workspace_id = $1 AND pt.person_key = m.from_key AND pt.source = 'manual'
  RETURNING pt.tag_id, pt.person_key, m.to_key, pt.since
),
kept AS (
  INSERT INTO person_tags (workspace_id, tag_id, person_key, since, source)
  SELECT DISTINCT ON (tag_id, to_key) $1, tag_id, to_key, since, 'manual' FROM gone ORDER BY tag_id, to_key, since
  ON CONFLICT DO NOTHING
  RETURNING tag_id, person_key
)
SELECT 'removed' AS change, tag_id, person_key FROM gone
UNION ALL
SELECT 'added', tag_id, person_key FROM kept`;

const HISTORY_SQL = `INSERT INTO person_tag_history (workspace_id, tag_id, person_key, change, at, source)
  SELECT $1, tag_id, person_key, change, $2, 'manual' FROM unnest($3::text[], $4::text[], $5::text[]) AS h(tag_id, person_key, change)`;

/**
 * Moves the manual tags of each merged key to the key it now resolves to, with their history, in
 * the caller's transaction; the tags' consumers hear of it once that transaction committed.
 */
export async function carryManualTags(client: PoolClient, workspaceId: string, moves: readonly { from: string; to: string }[], at = new Date()): Promise<number> {
  const real = moves.filter((m) => m.from !== m.to);
  if (real.length === 0) return 0;
  const { rows } = await client.query<{ change: "added" | "removed"; tag_id: string; person_key: string }>(CARRY_SQL, [
    workspaceId, real.map((m) => m.from), real.map((m) => m.to),
  ]);
  if (rows.length === 0) return 0;
  await client.query(HISTORY_SQL, [workspaceId, utc(at), rows.map((r) => r.tag_id), rows.map((r) => r.person_key), rows.map((r) => r.change)]);
  const byTag = new Map<string, { added: string[]; removed: string[] }>();
  for (const row of rows) {
    const diff = byTag.get(row.tag_id) ?? { added: [], removed: [] };
    (row.change === "added" ? diff.added : diff.removed).push(row.person_key);
    byTag.set(row.tag_id, diff);
  }
  afterCommit(client, async () => {
    for (const [tagId, diff] of byTag) await afterTagChange({ workspaceId, tagId, added: diff.added.sort(), removed: diff.removed.sort(), at });
  });
  return rows.length;
}
