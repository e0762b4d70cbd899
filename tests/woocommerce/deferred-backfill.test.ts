import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { connectKeyPairStore } from "@/lib/connections/key-pair";
import { DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_STORE_URL } from "@/lib/connectors/woocommerce/demo/server";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { initialCheckpoint, type Checkpoint } from "@/lib/stores/engine";
import { executeRun } from "@/lib/sync/runner";
import { createRun, getRun, updateRun } from "@/lib/sync/runs";

// A backfill into a connection without orders leaves its dirty-day marks and exception judging to
// one pass after the last page. Everything derived from the orders must come out exactly as when
// every page marks and judges its own orders: each rollup, the customers and cohorts, the
// exception list.

const ORDERS = 500;

beforeEach(() => vi.stubEnv("DEMO_WOOCOMMERCE_ORDERS", String(ORDERS)));
afterEach(() => vi.unstubAllEnvs());

type Scope = { workspaceId: string; connectionId: string };

async function connectDemo(): Promise<Scope> {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  const { id } = await connectKeyPairStore(workspace.id, "woocommerce", { storeUrl: DEMO_STORE_URL, consumerKey: DEMO_CONSUMER_KEY, consumerSecret: DEMO_CONSUMER_SECRET });
  return { workspaceId: workspace.id, connectionId: id };
}

/** Backfills the demo store, page by page; `deferred` false makes every page mark and judge its own orders. */
async function backfill(scope: Scope, deferred: boolean): Promise<Checkpoint> {
  const { id } = await createRun(scope, "backfill");
  const checkpoint = await initialCheckpoint(scope, "backfill", {}, { bulk: false });
  expect(checkpoint).toMatchObject({ mode: "paged", deferred: true });
  await updateRun(scope, id, { checkpoint: { ...checkpoint, deferred } });
  expect(await executeRun(scope, id, { sleep: async () => {}, budget: { pages: 2 } })).toBe("succeeded");
  return (await getRun(scope, id))!.checkpoint as unknown as Checkpoint;
}

// Tables derived from the store's facts: named ones, and every daily or period rollup (so one
// added later is compared too).
const DERIVED = ["exception_orders", "exception_order_checks", "customer_events", "customer_profiles", "cohort_cells", "product_titles", "rollup_dirty_days"];
// When a row was computed, not what it says.
const WHEN_COMPUTED = ["workspace_id", "connection_id", "detected_at", "updated_at", "computed_at", "marked_at", "refreshed_at"];

async function derivedTables(): Promise<string[]> {
  const { rows } = await getPool().query<{ table_name: string }>(
    `SELECT DISTINCT c.table_name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema = current_schema() AND c.column_name = 'workspace_id'
       AND (c.table_name LIKE '%\\_daily' OR c.table_name LIKE '%\\_periods' OR c.table_name LIKE '%\\_day\\_totals')
       AND c.table_name NOT IN ('ad_insights_daily', 'traffic_daily')`,
  );
  return [...new Set([...DERIVED, ...rows.map((r) => r.table_name)])].sort();
}

/** A table's rows of one workspace, as sorted JSON text with the connection's id written as a placeholder. */
async function rowsOf(table: string, scope: Scope): Promise<string[]> {
  const { rows } = await getPool().query<{ row: Record<string, unknown> }>(`SELECT to_jsonb(t) AS row FROM ${table} t WHERE workspace_id = $1`, [scope.workspaceId]);
  return rows
    .map(({ row }) => {
      for (const column of WHEN_COMPUTED) delete row[column];
      return JSON.stringify(row, Object.keys(row).sort()).replaceAll(scope.connectionId, "<connection>");
    })
    .sort();
}

describe("a backfill into a connection without orders", () => {
  it("marks and judges once at the end, and derives exactly what page-by-page marking and judging derives", async () => {
    const paged = await connectDemo();
    const deferred = await connectDemo();
    expect(await backfill(paged, false)).toMatchObject({ deferred: false });
    expect(await backfill(deferred, true)).toMatchObject({ deferred: true });

    expect(await db.order.count({ where: deferred })).toBe(await db.order.count({ where: paged }));
    const tables = await derivedTables();
    expect(tables).toEqual(expect.arrayContaining(["sales_daily", "product_sales_daily", "order_sales_daily", "customer_daily", "sales_periods"]));
    for (const table of tables) {
      const [a, b] = [await rowsOf(table, paged), await rowsOf(table, deferred)];
      expect({ table, rows: b }).toEqual({ table, rows: a });
    }
    // Not trivially equal: the demo store has exceptions, rollups and people to compare.
    for (const table of ["exception_orders", "sales_daily", "product_sales_daily", "cohort_cells", "customer_profiles"]) {
      expect((await rowsOf(table, deferred)).length, table).toBeGreaterThan(5);
    }
    // Every day was refreshed: no mark is left behind.
    expect(await rowsOf("rollup_dirty_days", deferred)).toEqual([]);
  }, 120_000);

  it("is not deferred once the connection has orders", async () => {
    const scope = await connectDemo();
    await backfill(scope, true);
    expect(await initialCheckpoint(scope, "backfill", {}, { bulk: false })).toMatchObject({ mode: "paged", deferred: false });
  }, 60_000);
});
