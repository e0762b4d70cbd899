// Throughput of the Shopify ingestion source on the demo store, without a database:
//   1. raw: generate the bulk JSONL for N orders and parse it into bundles (readBulkJsonl);
//   2. source: the full bulkOrders path (download through the client, parse, refund details by GraphQL).
// Usage: npx tsx bench/ingest-source.ts [--orders=1000000] [--seed=1] [--skip-source]
// The database part (upserting the bundles) is left to the sync engine's own bench.

import { readBulkJsonl } from "../lib/connectors/shopify/bulk";
import { numberOption } from "./stats";
import { createShopifyClient } from "../lib/connectors/shopify/client";
import { createDemoShopifyFetch, DEFAULT_DEMO_SHOP } from "../lib/connectors/shopify/demo/server";
import { createShopifySource } from "../lib/connectors/shopify/source";

async function main() {
  const orders = numberOption("orders", 1_000_000);
  const seed = numberOption("seed", 1);
  const endDate = new Date("2026-11-01T05:00:00Z");
  const fetch = createDemoShopifyFetch({ seed, orders, endDate, now: () => endDate });
  const client = createShopifyClient({ shop: DEFAULT_DEMO_SHOP, accessToken: "bench", fetch, sleep: async () => {} });
  const source = createShopifySource(client);

  // Sampled inline: the loops below never yield to timers.
  let peakRss = 0;
  const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));

  const { operationId } = await source.startBulkOrders({});
  let status = await source.bulkStatus(operationId);
  while (status.status !== "COMPLETED") status = await source.bulkStatus(operationId);
  console.log(`bulk file: ${status.rootObjectCount} orders, ${status.objectCount} lines`);

  const report = (label: string, started: number, bundles: number, lines: number) => {
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${label}: ${bundles} orders / ${lines} lines in ${seconds.toFixed(1)} s = ${Math.round(bundles / seconds)} orders/s, ${Math.round(lines / seconds)} lines/s; peak RSS ${Math.round(peakRss / 2 ** 20)} MiB`,
    );
  };

  let started = performance.now();
  let bundles = 0;
  let lastLine = 0;
  for await (const item of readBulkJsonl(await client.download(status.url!))) {
    bundles += 1;
    lastLine = item.lineNumber;
    if (bundles % 10_000 === 0) sample();
  }
  report("raw generate+parse", started, bundles, lastLine - 1);

  if (!process.argv.includes("--skip-source")) {
    started = performance.now();
    bundles = 0;
    let refundLines = 0;
    for await (const item of source.bulkOrders(status.url!, { fromLine: 1 })) {
      bundles += 1;
      refundLines += item.bundle.refundLineItems.length;
      lastLine = item.lineNumber;
      if (bundles % 10_000 === 0) sample();
    }
    report("source.bulkOrders (with refund details)", started, bundles, lastLine - 1);
    console.log(`refund line items fetched: ${refundLines}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
