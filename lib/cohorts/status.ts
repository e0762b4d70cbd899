import { getPool } from "@/lib/db/pool";

/** Whether the workspace has any order at all: what the cohort page's empty state asks for. */
export async function workspaceHasOrders(workspaceId: string): Promise<boolean> {
  const result = await getPool().query(`SELECT 1 FROM orders WHERE workspace_id = $1 LIMIT 1`, [workspaceId]);
  return result.rows.length > 0;
}
