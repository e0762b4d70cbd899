import type { PoolClient } from "pg";

// A person's tags and their history go with the rest of what names them (lib/identity/erase.ts
// calls this inside its erasure transaction, for customers/redact, shop/redact and the API).
// No after-change call: an erased person did not leave a tag, they stopped being known.
export async function eraseTagsOf(client: PoolClient, workspaceId: string, personKeys: readonly string[]): Promise<number> {
  if (personKeys.length === 0) return 0;
  const held = await client.query("DELETE FROM person_tags WHERE workspace_id = $1 AND person_key = ANY($2::text[])", [workspaceId, personKeys]);
  await client.query("DELETE FROM person_tag_history WHERE workspace_id = $1 AND person_key = ANY($2::text[])", [workspaceId, personKeys]);
  return held.rowCount ?? 0;
}
