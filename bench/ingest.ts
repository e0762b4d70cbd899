// The bulk path into Postgres, against COPY as the physical reference, on one throwaway database.
//   0. the demo store generates its bulk export (Shopify's JSONL) to a file: untimed, since a real
//      backfill downloads this file rather than computing it;
//   1. engine: that file streamed, parsed, joined by __parentId, transformed and upserted in
//      batches exactly as a backfill does (commitInBatches + upsertOrderBundles, a transaction a batch);
//   2. COPY: the same rows, pre-serialised to CSV, loaded with COPY FROM STDIN into empty copies
//      of the same tables (same indexes), timing only the COPY.
// Prints `name value` lines only; `ratio` is the bulk path's rows per second as a fraction of COPY's.
// Usage: npx tsx bench/ingest.ts [--orders=1000000]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { from as copyFrom } from "pg-copy-streams";
import { startEmbeddedPostgres } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrate";
import { numberOption } from "./stats";
import type { OrderBundle } from "../lib/connectors/contracts/store-facts";


const TABLES = ["orders", "order_line_items", "refunds", "refund_line_items"] as const;

function csv(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = value instanceof Date ? value.toISOString().slice(0, 23) : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function rowsOf(ws: string, conn: string, b: OrderBundle): Record<(typeof TABLES)[number], unknown[][]> {
  const o = b.order;
  return {
    orders: [[ws, conn, o.externalId, o.name, o.createdAt, o.processedAt, o.updatedAt, o.cancelledAt, o.test, o.currency, o.presentmentCurrency,
      o.subtotal, o.totalDiscounts, o.totalShipping, o.totalTax, o.totalPrice, o.currentTotalPrice, o.presentmentTotalPrice, o.financialStatus,
      o.fulfillmentStatus, o.customerId, o.landingSite, o.referringSite, o.utmSource, o.utmMedium, o.utmCampaign, o.sourceName, new Date()]],
    order_line_items: b.lineItems.map((l) => [ws, conn, l.externalId, l.orderId, l.productId, l.variantId, l.sku, l.title, l.variantTitle, l.vendor,
      l.quantity, l.unitPrice, l.totalDiscount, l.unitCost]),
    refunds: b.refunds.map((r) => [ws, conn, r.externalId, r.orderId, r.createdAt, r.processedAt, r.totalRefunded, r.shippingRefunded, r.currency]),
    refund_line_items: b.refundLineItems.map((r) => [ws, conn, r.externalId, r.refundId, r.orderId, r.lineItemId, r.quantity, r.subtotal, r.totalTax, r.restockType]),
  };
}

const COLUMNS: Record<(typeof TABLES)[number], string> = {
  orders: "workspace_id, connection_id, external_id, name, created_at, processed_at, updated_at, cancelled_at, test, currency, presentment_currency, subtotal, total_discounts, total_shipping, total_tax, total_price, current_total_price, presentment_total_price, financial_status, fulfillment_status, customer_id, landing_site, referring_site, utm_source, utm_medium, utm_campaign, source_name, synced_at",
  order_line_items: "workspace_id, connection_id, external_id, order_id, product_id, variant_id, sku, title, variant_title, vendor, quantity, unit_price, total_discount, unit_cost",
  refunds: "workspace_id, connection_id, external_id, order_id, created_at, processed_at, total_refunded, shipping_refunded, currency",
  refund_line_items: "workspace_id, connection_id, external_id, refund_id, order_id, line_item_id, quantity, subtotal, total_tax, restock_type",
};

async function main() {
  const orders = numberOption("orders", 1_000_000);
  const database = await startEmbeddedPostgres({ persistent: false });
  process.env.DATABASE_URL = database.url;
  process.env.SECRETS_KEYS ??= `bench:${Buffer.alloc(32, 1).toString("base64")}`;
  process.env.HASH_SECRET ??= "bench";
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "signalboard-bench-"));
  try {
    await applyMigrations(database.url);
    const { createShopifyClient } = await import("../lib/connectors/shopify/client");
    const { createDemoShopifyFetch, DEFAULT_DEMO_SHOP } = await import("../lib/connectors/shopify/demo/server");
    const { createShopifySource } = await import("../lib/connectors/shopify/source");
    const { upsertOrderBundles } = await import("../lib/stores/ingest");
    const { readBulkJsonl } = await import("../lib/connectors/shopify/bulk");
    const { commitInBatches } = await import("../lib/stores/batches");
    const { BULK_BATCH_ORDERS } = await import("../lib/stores/engine");
    const { getPool } = await import("../lib/db/pool");
    const { seedUser, seedWorkspace } = await import("../lib/seed/factories");
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const scope = { workspaceId: workspace.id, connectionId: "bench-connection" };

    const endDate = new Date("2026-11-01T05:00:00Z");
    const fetch = createDemoShopifyFetch({ seed: 1, orders, endDate, now: () => endDate });
    const source = createShopifySource(createShopifyClient({ shop: DEFAULT_DEMO_SHOP, accessToken: "bench", fetch, sleep: async () => {} }));
    const { operationId } = await source.startBulkOrders({});
    let status = await source.bulkStatus(operationId);
    while (status.status !== "COMPLETED") status = await source.bulkStatus(operationId);

    const jsonl = path.join(tmp, "export.jsonl");
    const generated = performance.now();
    const { Readable } = await import("node:stream");
    const download = await createShopifyClient({ shop: DEFAULT_DEMO_SHOP, accessToken: "bench", fetch, sleep: async () => {} }).download(status.url!);
    await pipeline(Readable.fromWeb(download as import("node:stream/web").ReadableStream), fs.createWriteStream(jsonl));
    console.log(`export_mib ${(fs.statSync(jsonl).size / 2 ** 20).toFixed(0)}`);
    console.log(`export_generate_s ${((performance.now() - generated) / 1000).toFixed(1)}`);

    // The file read, parsed and joined alone (nothing written): the floor under the engine's path.
    const parseStarted = performance.now();
    let parsed = 0;
    for await (const { bundle } of readBulkJsonl(fs.createReadStream(jsonl))) parsed += 1 + bundle.lineItems.length + bundle.refunds.length + bundle.refundLineItems.length;
    const parseMs = performance.now() - parseStarted;

    // 1. The engine's path.
    const files = Object.fromEntries(TABLES.map((t) => [t, fs.createWriteStream(path.join(tmp, `${t}.csv`))])) as Record<(typeof TABLES)[number], fs.WriteStream>;
    let rows = 0;
    let upsertMs = 0;
    const started = performance.now();
    await commitInBatches(
      readBulkJsonl(fs.createReadStream(jsonl)),
      async (bundles) => {
        const t0 = performance.now();
        rows += (await upsertOrderBundles(scope, bundles)).rows;
        upsertMs += performance.now() - t0;
      },
      { batchSize: BULK_BATCH_ORDERS },
    );
    const engineMs = performance.now() - started;

    // The same rows as CSV for the reference, from a second read of the file (untimed).
    for await (const { bundle } of readBulkJsonl(fs.createReadStream(jsonl))) {
      const perTable = rowsOf(scope.workspaceId, "copy-connection", bundle);
      for (const t of TABLES) for (const r of perTable[t]) files[t].write(`${r.map(csv).join(",")}\n`);
    }
    await Promise.all(TABLES.map((t) => new Promise((resolve) => files[t].end(resolve))));

    // 2. COPY into empty twins of the same tables.
    const client = await getPool().connect();
    let copyMs = 0;
    try {
      for (const t of TABLES) await client.query(`CREATE TABLE copy_${t} (LIKE ${t} INCLUDING ALL)`);
      for (const t of TABLES) {
        const t0 = performance.now();
        await pipeline(fs.createReadStream(path.join(tmp, `${t}.csv`)), client.query(copyFrom(`COPY copy_${t} (${COLUMNS[t]}) FROM STDIN WITH (FORMAT csv)`)));
        copyMs += performance.now() - t0;
      }
      let copiedRows = 0;
      for (const t of TABLES) copiedRows += Number((await client.query(`SELECT count(*) AS n FROM copy_${t}`)).rows[0].n);
      if (copiedRows !== rows) console.error(`row counts differ: engine ${rows}, COPY ${copiedRows}`);
    } finally {
      client.release();
    }

    const rate = (ms: number) => Math.round(rows / (ms / 1000));
    console.log(`orders ${orders}`);
    console.log(`rows ${rows}`);
    console.log(`bulk_path_s ${(engineMs / 1000).toFixed(1)}`);
    console.log(`bulk_path_rows_per_s ${rate(engineMs)}`);
    // Time inside the upserts overlaps the parsing of the next batch.
    console.log(`upsert_rows_per_s ${rate(upsertMs)}`);
    console.log(`parse_rows_per_s ${Math.round(parsed / (parseMs / 1000))}`);
    console.log(`copy_rows_per_s ${rate(copyMs)}`);
    console.log(`ratio ${(copyMs / engineMs).toFixed(2)}`);
    console.log(`upsert_ratio ${(copyMs / upsertMs).toFixed(2)}`);
    const { disconnectAll } = await import("../lib/db/client");
    const { endAllPools } = await import("../lib/db/pool");
    await disconnectAll();
    await endAllPools();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
