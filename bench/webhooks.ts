// A burst of signed Shopify deliveries against the webhook route handler, on a throwaway database:
// every delivery started at once, each timed from its call to its acknowledgement (Shopify gives up
// after 5 s). Then the background processing is awaited and checked: every order stored.
// Prints `name value` lines only. Usage: npx tsx bench/webhooks.ts [--deliveries=200]
import crypto from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { numberOption, percentile } from "./stats";
import { runBench, withBenchDatabase } from "./support";


const SECRET = "bench-shopify-secret";
const SHOP = "bench-store.myshopify.com";

/** The recorded orders/create body with its own order and line ids, signed like Shopify signs it. */
function delivery(template: Record<string, unknown>, n: number): Request {
  const order = structuredClone(template);
  const orderId = 1_000_000 + n;
  order.id = orderId;
  order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
  (order.line_items as Record<string, unknown>[]).forEach((line, i) => {
    line.id = orderId * 10 + i;
    line.admin_graphql_api_id = `gid://shopify/LineItem/${orderId * 10 + i}`;
  });
  const body = JSON.stringify(order);
  return new Request("http://localhost/api/webhooks/shopify", {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": "orders/create",
      "X-Shopify-Shop-Domain": SHOP,
      "X-Shopify-API-Version": "2026-04",
      "X-Shopify-Event-Id": crypto.randomUUID(),
      "X-Shopify-Webhook-Id": crypto.randomUUID(),
      "X-Shopify-Hmac-Sha256": crypto.createHmac("sha256", SECRET).update(body).digest("base64"),
    },
    body,
  });
}


async function main() {
  const deliveries = numberOption("deliveries", 200);
  process.env.SHOPIFY_API_KEY = "bench-shopify-key";
  process.env.SHOPIFY_API_SECRET = SECRET;
  // The processing logs a line per delivery; stdout carries figures only.
  console.info = () => {};
  await withBenchDatabase({}, async () => {
    const { db } = await import("../lib/db/client");
    const { sealJson } = await import("../lib/crypto/secrets");
    const { seedUser, seedWorkspace } = await import("../lib/seed/factories");
    const { localJobsSettled } = await import("../lib/jobs/local");
    const { POST } = await import("../app/api/webhooks/shopify/route");
    const workspace = await seedWorkspace((await seedUser()).id);
    const connection = await db.connection.create({
      data: {
        workspaceId: workspace.id,
        provider: "shopify",
        externalAccountId: SHOP,
        displayName: SHOP,
        status: "active",
        credentials: sealJson({ mode: "oauth", shop: SHOP, accessToken: "shpat_bench" }),
        scopes: ["read_orders"],
      },
    });
    const template = JSON.parse(readFileSync(path.join(import.meta.dirname, "../tests/fixtures/shopify/webhook_orders_create.json"), "utf8"));
    const requests = Array.from({ length: deliveries }, (_, n) => delivery(template, n));
    // Warm the route's modules so the first deliveries do not pay for loading them.
    await POST(new Request("http://localhost/api/webhooks/shopify", { method: "POST", body: "{}" }));

    const started = performance.now();
    const timings = await Promise.all(
      requests.map(async (request) => {
        const t0 = performance.now();
        const response = await POST(request);
        if (response.status !== 200) throw new Error(`a delivery was answered ${response.status}: ${await response.text()}`);
        return performance.now() - t0;
      }),
    );
    const acknowledgedMs = performance.now() - started;
    await localJobsSettled();
    const processedMs = performance.now() - started;

    const scope = { workspaceId: workspace.id, connectionId: connection.id };
    const stored = await db.order.count({ where: scope });
    const processed = await db.webhookReceipt.count({ where: { ...scope, processedAt: { not: null } } });
    if (stored !== deliveries || processed !== deliveries) throw new Error(`processed ${processed} of ${deliveries} deliveries, ${stored} orders stored`);

    const sorted = [...timings].sort((a, b) => a - b);
    console.log(`deliveries ${deliveries}`);
    console.log(`p50_ms ${percentile(sorted, 50).toFixed(1)}`);
    console.log(`p99_ms ${percentile(sorted, 99).toFixed(1)}`);
    console.log(`max_ms ${sorted[sorted.length - 1]!.toFixed(1)}`);
    console.log(`all_acknowledged_ms ${acknowledgedMs.toFixed(1)}`);
    console.log(`all_processed_ms ${processedMs.toFixed(1)}`);
  });
}

runBench(main);
