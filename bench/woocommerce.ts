// Times a WooCommerce backfill of the demo store (served in process in WooCommerce's REST shapes)
// through the store engine, page by page, on a throwaway database.
// Usage: npm run bench:woocommerce [-- orders=100000]
// Prints, beside the summary line:
//   orders_per_s X   orders stored per second, closing rollup refresh included
//   slices_s X       the run's slices (reading, transforming and writing every page)
//   refresh_s X      the rollup refresh that closes the run
//   node_cpu_s X / db_cpu_s X   CPU used by this process and by PostgreSQL over the whole backfill
//                    (Linux only): steadier than seconds on a machine whose other work comes and goes
//   load_avg X       the 1-minute load average at the start and at the end
import os from "node:os";
import { treeCpuMs } from "./process-cpu";
import { runBench, timedBackfill, withBenchDatabase } from "./support";

async function main() {
  const orders = Number(process.argv[2] ?? 100_000);
  process.env.DEMO_WOOCOMMERCE_ORDERS = String(orders);
  await withBenchDatabase({}, async () => {
    const { seedUser, seedWorkspace } = await import("../lib/seed/factories");
    const { connectKeyPairStore } = await import("../lib/connections/key-pair");
    const { DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_STORE_URL } = await import("../lib/connectors/woocommerce/demo/server");
    const { db } = await import("../lib/db/client");
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    // Connecting generates the demo store once; the timing below is the backfill alone.
    const { id } = await connectKeyPairStore(workspace.id, "woocommerce", { storeUrl: DEMO_STORE_URL, consumerKey: DEMO_CONSUMER_KEY, consumerSecret: DEMO_CONSUMER_SECRET });
    const scope = { workspaceId: workspace.id, connectionId: id };
    const loadAtStart = os.loadavg()[0]!;
    const nodeCpuAtStart = process.cpuUsage();
    const treeCpuAtStart = treeCpuMs(process.pid);
    const { outcome, seconds, run: done } = await timedBackfill(scope);
    const nodeCpu = process.cpuUsage(nodeCpuAtStart);
    const treeCpuAtEnd = treeCpuMs(process.pid);
    const stored = await db.order.count({ where: scope });
    console.log(`WooCommerce demo backfill of ${orders.toLocaleString("en")} orders: ${outcome} in ${seconds.toFixed(1)} s, ${stored.toLocaleString("en")} orders stored, ${done.rowsWritten.toLocaleString("en")} rows written`);
    if (outcome !== "succeeded") console.log(`  error: ${done.error}`);
    console.log(`orders_per_s ${Math.round(stored / seconds)}`);
    // The run is marked finished just before its closing refresh starts.
    if (done.startedAt && done.finishedAt) {
      const slices = (done.finishedAt.getTime() - done.startedAt.getTime()) / 1000;
      console.log(`slices_s ${slices.toFixed(1)}`);
      console.log(`refresh_s ${Math.max(0, seconds - slices).toFixed(1)}`);
    }
    const nodeCpuS = (nodeCpu.user + nodeCpu.system) / 1e6;
    console.log(`node_cpu_s ${nodeCpuS.toFixed(1)}`);
    if (treeCpuAtStart !== null && treeCpuAtEnd !== null) console.log(`db_cpu_s ${Math.max(0, (treeCpuAtEnd - treeCpuAtStart) / 1000 - nodeCpuS).toFixed(1)}`);
    console.log(`load_avg ${loadAtStart.toFixed(2)} ${os.loadavg()[0]!.toFixed(2)}`);
  });
}

runBench(main);
