import { describe, expect, it } from "vitest";
import { connectDemoStore } from "@/lib/connections/service";
import { getPool } from "@/lib/db/pool";
import { localJobsSettled } from "@/lib/jobs/local";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { executeRun } from "@/lib/sync/runner";
import { createRun } from "@/lib/sync/runs";

// A store's backfill scores its customers as it ends (the demo's first start is one): when the
// run is over, every customer it brought has a score, a level and RFM, with no pass left to wait
// for.

const noSleep = async () => {};

describe("activity after a backfill", () => {
  it("scores every backfilled customer before the run is over", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id, { timeZone: "America/New_York" });
    const { id: connectionId } = await connectDemoStore(workspace.id, { orders: 400 });
    const scope = { workspaceId: workspace.id, connectionId };
    // Persons the customers build queued during the run are scored by the same pass.
    const run = await createRun(scope, "backfill");
    expect(await executeRun(scope, run.id, { sleep: noSleep })).toBe("succeeded");

    // Read before any queued job could have run: only what the run itself did counts.
    const { rows } = await getPool().query<{ customers: number; scored: number; with_rfm: number; leveled: number; waiting: number }>(
      `SELECT (SELECT count(*)::int FROM customer_profiles WHERE workspace_id = $1) AS customers,
         (SELECT count(*)::int FROM customer_profiles p JOIN person_activity a ON a.workspace_id = p.workspace_id AND a.person_key = p.customer_key
          WHERE p.workspace_id = $1) AS scored,
         (SELECT count(*)::int FROM person_activity WHERE workspace_id = $1 AND rfm_segment IS NOT NULL) AS with_rfm,
         (SELECT count(*)::int FROM person_activity WHERE workspace_id = $1 AND level IN ('high', 'medium', 'low')) AS leveled,
         (SELECT count(*)::int FROM activity_pending WHERE workspace_id = $1) AS waiting`,
      [workspace.id],
    );
    const counts = rows[0]!;
    expect(counts.customers).toBeGreaterThan(50);
    expect(counts.scored).toBe(counts.customers);
    expect(counts.with_rfm).toBe(counts.customers);
    expect(counts.leveled).toBe(counts.customers);
    expect(counts.waiting).toBe(0);
    await localJobsSettled();
  }, 120_000);
});
