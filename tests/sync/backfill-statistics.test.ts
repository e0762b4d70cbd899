import { describe, expect, it } from "vitest";
import { connectDemoStore } from "@/lib/connections/service";
import { getPool } from "@/lib/db/pool";
import { localJobsSettled } from "@/lib/jobs/local";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { executeRun } from "@/lib/sync/runner";
import { createRun } from "@/lib/sync/runs";

// The activity counters autovacuum and the rollups read lag the writes by seconds; a finished
// backfill analyzes the fact tables itself so its rollups are planned on what it just loaded.

async function lastAnalyzed(table: string): Promise<Date | null> {
  const { rows } = await getPool().query<{ at: Date | null }>(
    "SELECT last_analyze AS at FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname = $1",
    [table],
  );
  return rows[0]?.at ?? null;
}

describe("a finished backfill", () => {
  it("has analyzed the tables it loaded before its rollups are built", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const { id: connectionId } = await connectDemoStore(workspace.id, { orders: 100 });
    const scope = { workspaceId: workspace.id, connectionId };
    const run = await createRun(scope, "backfill");
    const before = new Date(Date.now() - 1_000);
    expect(await executeRun(scope, run.id, { sleep: async () => {} })).toBe("succeeded");
    await localJobsSettled();
    for (const table of ["orders", "order_line_items", "customers"]) {
      expect((await lastAnalyzed(table))?.getTime() ?? 0, table).toBeGreaterThanOrEqual(before.getTime());
    }
  }, 60_000);
});
