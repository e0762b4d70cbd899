import type { PoolClient } from "pg";

// A person's activity rows go with them (customers/redact): their scores, history and any
// recompute still waiting for them. Whatever is left of them under another key (a store id after
// the email hash is removed) is scored again by the next recompute.

/** Deletes the persons' rows from every activity table; returns how many were deleted. */
export async function eraseActivityOf(client: PoolClient, workspaceId: string, personKeys: readonly string[]): Promise<number> {
  if (personKeys.length === 0) return 0;
  const keys = [...new Set(personKeys)];
  let deleted = 0;
  for (const table of ["person_activity", "person_activity_history", "activity_pending"]) {
    const result = await client.query(`DELETE FROM ${table} WHERE workspace_id = $1 AND person_key = ANY($2::text[])`, [workspaceId, keys]);
    deleted += result.rowCount ?? 0;
  }
  return deleted;
}
