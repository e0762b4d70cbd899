import { getPool, utc } from "@/lib/db/pool";
import { rebuildRollupsWith } from "../rollups/rollup";
import { BREAKDOWN_TABLES } from "../rollups/breakdowns-sql";
import type { ReportOptions } from "./options";

// Today is compared with yesterday (or the same day a year back) only until the time it is now,
// in the workspace time zone: yesterday's whole day against today's first hours would always look
// like a fall. Rollups are per day, so the comparison day's sales rollups are recomputed, inside a
// transaction that is rolled back, from the orders and refunds dated before that instant: temporary
// tables and views shadow the real ones for that transaction only, and the rollup statements (the
// one definition of every sales figure) run unchanged over them.

const SHADOWED_ROLLUPS = ["sales_daily", "customer_daily", "customer_day_totals", ...BREAKDOWN_TABLES, "product_titles"] as const;
const FACTS_WITH_A_TIME = ["orders", "refunds"] as const;

/**
 * Runs `read` with a connection whose sales rollups of `day` hold only what happened before
 * `until`. The connection's transaction is rolled back afterwards: nothing is written.
 */
export async function readUntil<T>(workspaceId: string, day: string, until: Date, options: ReportOptions, read: (options: ReportOptions) => Promise<T>): Promise<T> {
  const cutoff = utc(until)!;
  // Timestamps are UTC wall time; an ISO string from a Date is safe to inline (views take no parameters).
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/.test(cutoff)) throw new Error(`Unexpected cutoff ${cutoff}`);
  const client = await getPool().connect();
  try {
    await client.query("BEGIN");
    for (const table of SHADOWED_ROLLUPS) {
      await client.query(`CREATE TEMP TABLE ${table} (LIKE public.${table} INCLUDING ALL) ON COMMIT DROP`);
    }
    for (const table of FACTS_WITH_A_TIME) {
      await client.query(`CREATE TEMP VIEW ${table} AS SELECT * FROM public.${table} WHERE COALESCE(processed_at, created_at) < '${cutoff}'::timestamp`);
    }
    await rebuildRollupsWith(client, workspaceId, { fromDay: day, toDay: day }, { families: ["sales"], periods: false });
    return await read({ ...options, queryable: client });
  } finally {
    // Rolled back, never committed: the temporary tables, views and rows vanish with it.
    const rolledBack = await client.query("ROLLBACK").then(() => true, () => false);
    // A connection that could not roll back might keep the temporary views: close it instead.
    client.release(!rolledBack);
  }
}
