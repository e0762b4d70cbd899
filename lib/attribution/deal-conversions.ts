import { providersOfKind } from "@/lib/connectors/registry";
import { getPool } from "@/lib/db/pool";

// Whether the attribution screens should offer the choice of conversions (orders, won deals or
// both): only a workspace with a CRM connected, or with deals credited before one was removed,
// has deals to choose; for the rest the choice would only ever show an empty report.

export async function offersDealConversions(workspaceId: string): Promise<boolean> {
  const { rows } = await getPool().query<{ offered: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM connections WHERE workspace_id = $1 AND provider = ANY($2::text[]))
         OR EXISTS (SELECT 1 FROM deal_attributions WHERE workspace_id = $1) AS offered`,
    [workspaceId, providersOfKind("crm")],
  );
  return rows[0]?.offered === true;
}
