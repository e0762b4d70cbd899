import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { RunProgress } from "@/components/connections/run-progress";
import { listConnectionViews } from "@/lib/connections/resource";
import { connectDemoStore } from "@/lib/connections/service";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { runSlice } from "@/lib/stores/engine";
import { sourceForConnection } from "@/lib/stores/sources";
import { runProgress } from "@/lib/sync/progress";
import { executeRun } from "@/lib/sync/runner";
import { createRun, getRun, updateRun } from "@/lib/sync/runs";

async function demoStore(orders: number) {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  const connection = await connectDemoStore(workspace.id, { orders, seed: 5 });
  return { workspaceId: workspace.id, connectionId: connection.id };
}

describe("sync progress", () => {
  it("never reads more rows than its total during a store backfill: the estimate grows, then turns exact", async () => {
    const scope = await demoStore(300);
    const { id } = await createRun(scope, "backfill");
    const source = await sourceForConnection(scope);
    let grew = false;
    let previousTotal: number | null = null;
    for (let slice = 0; slice < 500; slice++) {
      const { done } = await runSlice(scope, id, source, { batches: 1, batchSize: 40, pages: 1 });
      const run = (await getRun(scope, id))!;
      if (run.rowsExpected !== null) {
        expect(run.rowsRead, `slice ${slice}`).toBeLessThanOrEqual(run.rowsExpected);
        expect(run.rowsExpectedEstimated).toBe(true);
        if (previousTotal !== null && run.rowsExpected > previousTotal) grew = true;
        previousTotal = run.rowsExpected;
      }
      if (done) break;
    }
    // The export's count left out products and customers, so the total had to grow.
    expect(grew).toBe(true);

    const again = await createRun(scope, "backfill");
    expect(await executeRun(scope, again.id, { source })).toBe("succeeded");
    const finished = (await getRun(scope, again.id))!;
    expect(finished.rowsRead).toBeGreaterThan(0);
    expect(finished).toMatchObject({ rowsExpected: finished.rowsRead, rowsExpectedEstimated: false });
  });

  it("shows an estimated total as 'about' in the API and the page, never below the rows read", async () => {
    const scope = await demoStore(100);
    const { id } = await createRun(scope, "backfill");
    // As runs saved before totals grew can be: more read than expected.
    await updateRun(scope, id, { status: "running", startedAt: new Date(Date.now() - 60_000), rowsRead: 174_650, rowsExpected: 141_820 });
    const [view] = await listConnectionViews(scope.workspaceId);
    const current = view!.current_run!;
    expect(current.rows_read).toBe(174_650);
    expect(current.rows_expected).toBeGreaterThan(174_650);
    expect(current.rows_expected_estimated).toBe(true);
    expect(current.percent).toBeLessThan(100);

    const run = (await getRun(scope, id))!;
    const html = renderToStaticMarkup(createElement(RunProgress, { run, now: new Date() }));
    expect(html).toContain(`174,650 of about ${current.rows_expected!.toLocaleString("en")} rows`);
    expect(html).toContain(`${current.percent}%`);
  });

  it("keeps an exact total exact", () => {
    expect(runProgress({ rowsRead: 25, rowsExpected: 100, rowsExpectedEstimated: false })).toEqual({ read: 25, total: 100, estimated: false, percent: 25 });
    expect(runProgress({ rowsRead: 100, rowsExpected: 100, rowsExpectedEstimated: false }).percent).toBe(100);
    expect(runProgress({ rowsRead: 100, rowsExpected: 100, rowsExpectedEstimated: true }).percent).toBe(99);
    expect(runProgress({ rowsRead: 3, rowsExpected: null, rowsExpectedEstimated: false })).toEqual({ read: 3, total: null, estimated: false, percent: null });
  });
});
