// Times a full demo-store backfill (the first-start experience of `npm run dev`) on a throwaway
// database. Usage: npx tsx bench/demo-backfill.ts [orders=50000]
import { runBench, timedBackfill, withBenchDatabase } from "./support";

async function main() {
  const orders = Number(process.argv[2] ?? 50_000);
  await withBenchDatabase({}, async () => {
    const { seedUser, seedWorkspace } = await import("../lib/seed/factories");
    const { connectDemoStore } = await import("../lib/connections/service");
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const { id } = await connectDemoStore(workspace.id, { orders });
    const scope = { workspaceId: workspace.id, connectionId: id };
    const { outcome, seconds, run: done } = await timedBackfill(scope);
    console.log(`demo backfill of ${orders.toLocaleString("en")} orders: ${outcome} in ${seconds.toFixed(1)} s`);
    console.log(`  ${done.rowsWritten.toLocaleString("en")} rows written, ${Math.round(done.rowsWritten / seconds).toLocaleString("en")} rows/s`);
    if (outcome !== "succeeded") console.log(`  error: ${done.error}`);
  });
}

runBench(main);
