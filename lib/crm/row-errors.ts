import { providerLabel } from "@/lib/connectors/registry";
import { getPool } from "@/lib/db/pool";

// What the CRM sent that could not be taken as it was, per deal and field, for the CRM page:
// deals refused (amount, currency, stage) and deals whose contact's phone was left out.

export const ROW_ERRORS_SHOWN = 50;

export type TCrmRowError = { crm: string; deal_id: string; deal: string | null; field: string; message: string; seen_at: string };

export async function crmRowErrors(workspaceId: string, limit = ROW_ERRORS_SHOWN): Promise<{ errors: TCrmRowError[]; total: number }> {
  const { rows } = await getPool().query<{ provider: string; deal_id: string; name: string | null; field: string; message: string; seen_at: string; total: number }>(
    `SELECT x.provider, e.deal_id, d.name, e.field, e.message, to_char(e.seen_at, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS seen_at, count(*) OVER ()::int AS total
     FROM crm_row_errors e
     JOIN connections x ON x.workspace_id = e.workspace_id AND x.id = e.connection_id
     LEFT JOIN crm_deals d ON d.workspace_id = e.workspace_id AND d.connection_id = e.connection_id AND d.external_id = e.deal_id
     WHERE e.workspace_id = $1
     ORDER BY e.seen_at DESC, e.connection_id, e.deal_id, e.field
     LIMIT $2`,
    [workspaceId, limit],
  );
  return {
    errors: rows.map((row) => ({
      crm: providerLabel(row.provider),
      deal_id: row.deal_id,
      deal: row.name,
      field: row.field,
      message: row.message,
      seen_at: row.seen_at,
    })),
    total: rows[0]?.total ?? 0,
  };
}
