import { z } from "zod";
import { customerIdOf } from "@/lib/customers/customer-id";
import { inTransaction, getPool } from "@/lib/db/pool";
import { notFound, AppError } from "@/lib/errors";
import type { WorkspaceContext } from "@/lib/tenancy/guard";
import { settleCustomerKeys } from "./customer-keys";
import { resolveAround } from "./resolve";

// Reading and undoing merges. Undoing keeps the row (so the same evidence does not merge the two
// again) and re-resolves every visitor of either person.

export const ZIdentityMergeSchema = z.object({
  id: z.string(),
  customer_id: z.string().describe("The surviving customer (the customers API's id)."),
  merged_customer_id: z.string().describe("The customer found to be the same person, now resolved to `customer_id`."),
  reason: z.enum(["member_id", "email_hash", "store_id", "phone_hash"]).describe("What the two were found to share: a member id, an email (by its keyed hash), a store id seen in one event, or a phone (the keyed hash of its E.164 form) in both customer records."),
  evidence: z.string().describe("The shared identifier: `member:<keyed hash>`, `email:<keyed hash>`, `phone:<keyed hash>`, `customer:<store id>` or `order:<store id>`."),
  anonymous_id: z.string().nullable().describe("The visitor whose event proved it; null for a merge found by a sync or import."),
  message_id: z.string().nullable(),
  run_id: z.string().nullable().describe("The sync run (or `import:<connection id>`) whose customers proved it; null for a merge proved by an event."),
  created_at: z.string(),
  undone_at: z.string().nullable(),
  undone_by: z.string().nullable().describe("`user:<id>` or `api_key:<id>`."),
});
export const ZIdentityMergeListSchema = z.object({ merges: z.array(ZIdentityMergeSchema) });
export type TIdentityMerge = z.infer<typeof ZIdentityMergeSchema>;

type TMergeRow = {
  id: string; person_key: string; merged_key: string; reason: TIdentityMerge["reason"]; evidence: string;
  anonymous_id: string | null; message_id: string | null; run_id: string | null; created_at: string; undone_at: string | null; undone_by: string | null;
};

function view(row: TMergeRow): TIdentityMerge {
  return {
    id: row.id,
    customer_id: customerIdOf(row.person_key),
    merged_customer_id: customerIdOf(row.merged_key),
    reason: row.reason,
    evidence: row.evidence,
    anonymous_id: row.anonymous_id,
    message_id: row.message_id,
    run_id: row.run_id,
    created_at: row.created_at,
    undone_at: row.undone_at,
    undone_by: row.undone_by,
  };
}

// Timestamps are UTC wall time; to_char gives them an explicit zone whatever the process's.
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const COLUMNS = `id, person_key, merged_key, reason, evidence, anonymous_id, message_id, run_id,
  to_char(created_at, ${ISO}) AS created_at, to_char(undone_at, ${ISO}) AS undone_at, undone_by`;
export const MERGE_PAGE = 200;

/** The newest merges first, undone ones included. */
export async function listMerges(workspaceId: string): Promise<{ merges: TIdentityMerge[] }> {
  const { rows } = await getPool().query<TMergeRow>(
    `SELECT ${COLUMNS} FROM identity_merges WHERE workspace_id = $1 ORDER BY created_at DESC, id LIMIT ${MERGE_PAGE}`,
    [workspaceId],
  );
  return { merges: rows.map(view) };
}

/** Who undid a merge, as the merge records it. */
export function actorLabel({ actor }: WorkspaceContext): string {
  return actor.kind === "user" ? `user:${actor.userId}` : `api_key:${actor.apiKeyId}`;
}

/** Undoes a merge of the workspace (another workspace's is not found); undoing twice is a conflict. */
export async function undoMerge(workspaceId: string, mergeId: string, actor: string): Promise<TIdentityMerge> {
  // Postgres refuses a NUL in text: such an id names nothing.
  if (mergeId.length > 100 || mergeId.includes("\u0000")) throw notFound("No such merge.");
  return inTransaction(async (client) => {
    const { rows } = await client.query<TMergeRow>(`SELECT ${COLUMNS} FROM identity_merges WHERE workspace_id = $1 AND id = $2 FOR UPDATE`, [workspaceId, mergeId]);
    const merge = rows[0];
    if (!merge) throw notFound("No such merge.");
    if (merge.undone_at) throw new AppError("conflict", "This merge was already undone.");
    const { rows: undone } = await client.query<TMergeRow>(
      `UPDATE identity_merges SET undone_at = now() AT TIME ZONE 'UTC', undone_by = $3 WHERE workspace_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [workspaceId, mergeId, actor],
    );
    // Both customers get their own keys back (their orders' days are rebuilt), then their visitors.
    await settleCustomerKeys(client, workspaceId, [merge.person_key, merge.merged_key]);
    await resolveAround(client, workspaceId, [], [], [merge.person_key, merge.merged_key]);
    return view(undone[0]!);
  });
}
