import { getPool } from "@/lib/db/pool";

// Anonymous or known is read from the resolved mapping at report time, never stored on events:
// a visitor identified today makes its past events known too.

export type TVisitorStatus = "anonymous" | "known";

/** SQL: the status of visitors row `v` (for reports that join visitors). */
export const visitorStatusSql = (v: string) => `CASE WHEN ${v}.identified_at IS NULL THEN 'anonymous' ELSE 'known' END`;

/**
 * A visitor is known once any identifier was seen with it (a member id, an email, a store
 * customer or an order); its person is the customer key it resolves to, null while no store
 * customer or email stands behind it. A visitor never seen is anonymous.
 */
export async function visitorStatus(workspaceId: string, anonymousId: string): Promise<{ status: TVisitorStatus; personKey: string | null }> {
  const { rows } = await getPool().query<{ status: TVisitorStatus; person_key: string | null }>(
    `SELECT ${visitorStatusSql("v")} AS status, v.person_key FROM visitors v WHERE v.workspace_id = $1 AND v.anonymous_id = $2`,
    [workspaceId, anonymousId],
  );
  return rows[0] ? { status: rows[0].status, personKey: rows[0].person_key } : { status: "anonymous", personKey: null };
}
