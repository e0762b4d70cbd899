import { NextRequest } from "next/server";
import { connectDemoStore } from "@/lib/connections/service";
import { getPool } from "@/lib/db/pool";
import { executeRun } from "@/lib/sync/runner";
import { createRun } from "@/lib/sync/runs";

type Params = { slug: string } & Record<string, string>;
type Handler = (request: NextRequest, context: { params: Promise<Params> }) => Promise<Response>;

/** Calls a route handler as Next.js would: a path with its query, an API key, an optional raw body. */
export async function call(handler: Handler, method: string, path: string, params: Params, key: string | null, body?: string) {
  const headers: Record<string, string> = key === null ? {} : { authorization: `Bearer ${key}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  return handler(new NextRequest(`http://localhost${path}`, { method, headers, body }), { params: Promise.resolve(params) });
}

/** A demo store synced into the workspace: orders, customers (emails sealed), products, rollups. */
export async function syncedDemoStore(workspaceId: string, orders = 100, seed = 5): Promise<string> {
  const { id } = await connectDemoStore(workspaceId, { orders, seed });
  const run = await createRun({ workspaceId, connectionId: id }, "backfill");
  const outcome = await executeRun({ workspaceId, connectionId: id }, run.id, { sleep: async () => {} });
  if (outcome !== "succeeded") throw new Error(`demo backfill ${outcome}`);
  return id;
}

/** A table's rows for the workspace as the export writes them: text values, primary-key order. */
export async function tableText(table: string, columns: string[], key: string[], workspaceId: string): Promise<(string | null)[][]> {
  const client = await getPool().connect();
  try {
    await client.query("BEGIN");
    await client.query("SET LOCAL TimeZone = 'UTC'");
    const order = key.length > 0 ? ` ORDER BY ${key.map((k) => `src."${k}"`).join(", ")}` : "";
    const { rows } = await client.query<(string | null)[]>({
      text: `SELECT ${columns.map((c) => `"${c}"::text`).join(", ")} FROM "${table}" AS src WHERE src.workspace_id = $1${order}`,
      values: [workspaceId],
      rowMode: "array",
    });
    await client.query("COMMIT");
    return rows;
  } finally {
    client.release();
  }
}
