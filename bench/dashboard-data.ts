// The benchmark's workspace: the demo store with `orders` orders, its demo ad and analytics
// accounts and product groups, loaded once through the real sync path and reused afterwards.
import { getPool } from "../lib/db/pool";
import { seedDemoAds } from "../lib/connectors/demo-ads/seed";
import { db } from "../lib/db/client";
import { ensureSampleRates } from "../lib/fx/store";
import { createProductGroup } from "../lib/metrics/settings/product-groups";
import { DEMO } from "../lib/seed/demo";
import { seedUser, seedWorkspace } from "../lib/seed/factories";
import { connectDemoStore } from "../lib/connections/service";
import { createRun } from "../lib/sync/runs";
import { executeRun } from "../lib/sync/runner";

export type BenchWorkspace = { id: string; timeZone: string };

export async function loadBenchWorkspace(name: string, orders: number): Promise<BenchWorkspace> {
  const existing = await db.workspace.findFirst({ where: { name }, select: { id: true, timeZone: true } });
  if (existing) {
    const backfill = await db.syncRun.findFirst({ where: { workspaceId: existing.id, kind: "backfill" }, orderBy: { queuedAt: "desc" } });
    if (backfill?.status === "succeeded") return existing;
    // An interrupted load continues from its last committed slice, as any run does.
    if (backfill?.status === "running") {
      console.log(`Resuming the interrupted load of the demo store with ${orders.toLocaleString("en")} orders...`);
      const scope = { workspaceId: existing.id, connectionId: backfill.connectionId };
      if ((await executeRun(scope, backfill.id, { sleep: async () => {} })) !== "succeeded") throw new Error("The demo backfill failed.");
      await seedDemoAds(existing.id);
      return existing;
    }
    await db.workspace.delete({ where: { id: existing.id } });
  }
  console.log(`Loading the demo store with ${orders.toLocaleString("en")} orders (once; later runs reuse it)...`);
  const started = performance.now();
  await ensureSampleRates();
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { ...DEMO.workspace, name });
  for (const group of DEMO.productGroups) {
    await createProductGroup(workspace.id, { name: group.name, rules: group.titles.map((value) => ({ field: "title", value })) });
  }
  const { id } = await connectDemoStore(workspace.id, { orders });
  const scope = { workspaceId: workspace.id, connectionId: id };
  const run = await createRun(scope, "backfill");
  const outcome = await executeRun(scope, run.id, { sleep: async () => {} });
  if (outcome !== "succeeded") throw new Error(`The demo backfill ${outcome}.`);
  await seedDemoAds(workspace.id);
  // Fresh statistics, as autovacuum gives a live database within a minute of a load: with none,
  // the planner guesses one row per table and reads customer_daily by the wrong index (30x slower).
  await getPool().query("ANALYZE");
  console.log(`  loaded in ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  return { id: workspace.id, timeZone: workspace.timeZone };
}
