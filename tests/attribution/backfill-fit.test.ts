import { describe, expect, it } from "vitest";
import { storedFits } from "@/lib/attribution/fits";
import { connectDemoStore } from "@/lib/connections/service";
import { getPool } from "@/lib/db/pool";
import { localJobsSettled } from "@/lib/jobs/local";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { executeRun } from "@/lib/sync/runner";
import { createRun } from "@/lib/sync/runs";
import { seedDemoTraffic } from "@/lib/tracking/demo/seed";

// A store's first backfill is when a workspace's journeys first meet its orders (the demo's first
// start is one): the data-driven models are fitted then, not at the next nightly fit.

const noSleep = async () => {};

async function backfilledDemo({ traffic }: { traffic: boolean }) {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone: "America/New_York" });
  const { id: connectionId } = await connectDemoStore(workspace.id, { orders: 1_500 });
  const scope = { workspaceId: workspace.id, connectionId };
  // As on the demo's first start: the traffic is sent while the backfill is still queued.
  if (traffic) await seedDemoTraffic(workspace.id, { days: 7 });
  const run = await createRun(scope, "backfill");
  expect(await executeRun(scope, run.id, { sleep: noSleep })).toBe("succeeded");
  await localJobsSettled();
  return workspace.id;
}

async function dataDrivenDailyRows(workspaceId: string): Promise<number> {
  const { rows } = await getPool().query<{ n: string }>(
    "SELECT count(*)::text AS n FROM attribution_daily WHERE workspace_id = $1 AND model IN ('markov', 'shapley')",
    [workspaceId],
  );
  return Number(rows[0]!.n);
}

describe("attribution after a backfill", () => {
  it("fits the Markov and Shapley models and credits orders with them once the backfill completes", async () => {
    const ws = await backfilledDemo({ traffic: true });
    const fits = await storedFits(ws);
    expect(fits.map((fit) => fit.model).sort()).toEqual(["markov", "shapley"]);
    expect(fits.every((fit) => fit.conversions > 0)).toBe(true);
    expect(await dataDrivenDailyRows(ws)).toBeGreaterThan(0);
  }, 120_000);

  it("asks for nothing in a workspace without tracking", async () => {
    const ws = await backfilledDemo({ traffic: false });
    expect(await storedFits(ws)).toEqual([]);
    expect(await dataDrivenDailyRows(ws)).toBe(0);
  }, 120_000);
});
