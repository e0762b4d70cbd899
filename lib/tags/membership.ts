import type { PoolClient } from "pg";
import { inTransaction, utc } from "@/lib/db/pool";
import { afterTagChange } from "./after-change";

// Changing who has a tag, always with its history: every person who gains or loses a tag gets a
// person_tag_history row in the same transaction, and afterTagChange hears of it once committed.

export type TTagSource = "manual" | "rule";
export type TMembershipDiff = { added: string[]; removed: string[] };

/** Adds and removes people by hand (or by an upload); people who already have it, or never had it, change nothing. */
export async function changeMembersByHand(
  workspaceId: string,
  tagId: string,
  change: { add?: readonly string[]; remove?: readonly string[] },
  at = new Date(),
): Promise<TMembershipDiff> {
  const diff = await inTransaction((client) => applyChange(client, workspaceId, tagId, change, at));
  await afterTagChange({ workspaceId, tagId, ...diff, at });
  return diff;
}

const HISTORY_SQL = `INSERT INTO person_tag_history (workspace_id, tag_id, person_key, change, at, source)
  SELECT $1, $2, person_key, change, $3, $4 FROM unnest($5::text[], $6::text[]) AS h(person_key, change)`;

/** Records what a change did, in the caller's transaction. */
export async function recordHistory(client: PoolClient, workspaceId: string, tagId: string, diff: TMembershipDiff, at: Date, source: TTagSource): Promise<void> {
  const keys = [...diff.added, ...diff.removed];
  if (keys.length === 0) return;
  const changes = [...diff.added.map(() => "added"), ...diff.removed.map(() => "removed")];
  await client.query(HISTORY_SQL, [workspaceId, tagId, utc(at), source, keys, changes]);
}

async function applyChange(
  client: PoolClient,
  workspaceId: string,
  tagId: string,
  change: { add?: readonly string[]; remove?: readonly string[] },
  at: Date,
): Promise<TMembershipDiff> {
  const add = [...new Set(change.add ?? [])];
  const remove = [...new Set(change.remove ?? [])].filter((key) => !add.includes(key));
  const added = add.length === 0 ? [] : (
    await client.query<{ person_key: string }>(
      `INSERT INTO person_tags (workspace_id, tag_id, person_key, since, source)
       SELECT $1, $2, k, $3, 'manual' FROM unnest($4::text[]) AS k ON CONFLICT DO NOTHING RETURNING person_key`,
      [workspaceId, tagId, utc(at), add],
    )
  ).rows.map((r) => r.person_key);
  const removed = remove.length === 0 ? [] : (
    await client.query<{ person_key: string }>(
      "DELETE FROM person_tags WHERE workspace_id = $1 AND tag_id = $2 AND person_key = ANY($3::text[]) RETURNING person_key",
      [workspaceId, tagId, remove],
    )
  ).rows.map((r) => r.person_key);
  const diff = { added: added.sort(), removed: removed.sort() };
  await recordHistory(client, workspaceId, tagId, diff, at, "manual");
  return diff;
}
