// Times a WooCommerce backfill of the demo store (served in process in WooCommerce's REST shapes)
// through the store engine, page by page, on a throwaway database.
// Usage: npm run bench:woocommerce [-- orders=100000]
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
    const { outcome, seconds, run: done } = await timedBackfill(scope);
    const stored = await db.order.count({ where: scope });
    console.log(`WooCommerce demo backfill of ${orders.toLocaleString("en")} orders: ${outcome} in ${seconds.toFixed(1)} s, ${stored.toLocaleString("en")} orders stored, ${done.rowsWritten.toLocaleString("en")} rows written`);
    if (outcome !== "succeeded") console.log(`  error: ${done.error}`);
    console.log(`orders_per_s ${Math.round(stored / seconds)}`);
  });
}

runBench(main);
