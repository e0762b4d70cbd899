import crypto from "node:crypto";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { captureLogs } from "@/lib/log";
import { POST as postWebhook } from "@/app/api/webhooks/shopify/route";
import { upsertTraffic } from "@/lib/ads/ingest";
import { orderBundleFromRest } from "@/lib/connectors/shopify/rest-transform";
import { db } from "@/lib/db/client";
import { PermanentJobError } from "@/lib/jobs/errors";
import { localJobsSettled } from "@/lib/jobs/local";
import { upsertCustomers, upsertOrderBundles } from "@/lib/stores/ingest";
import { processShopifyWebhook } from "@/lib/stores/webhooks/process";
import { expectAppError } from "./helpers";
import { ORDER_HEADER, csv, upload, where, workspaceWithKey } from "./imports/support";
import { orderBody, seedShopifyConnection, signedWebhook, withShopifyWebhookEnv } from "./shopify-webhooks/support";

// A whole number past its column's range (an order line of 2147483648 units) used to fail the
// statement that stored it: a 500 on import, and a webhook or sync slice that failed on every
// retry. Such numbers are bounded where they are parsed.

vi.mock("@/lib/auth", () => ({ auth: async () => null }));

const PAST_INT4 = 2 ** 31;

withShopifyWebhookEnv();

/** An orders/create body whose first line has `quantity`. */
function orderWithQuantity(quantity: number | string) {
  const order = orderBody();
  const parsed = JSON.parse(order.body);
  parsed.line_items[0].quantity = quantity;
  return { ...order, body: JSON.stringify(parsed) };
}

describe("order imports", () => {
  it("answer 422 naming the line's quantity when it is past 2147483647, in CSV and in JSON", async () => {
    const { workspace, key } = await workspaceWithKey();
    const fromCsv = await upload("orders", key, { csv: csv(ORDER_HEADER, `Q-1,2026-03-01T10:00:00Z,USD,,,Alpha,,${PAST_INT4},10,,,,,,,,`) });
    expect(fromCsv.status).toBe(422);
    expect(where(fromCsv.json)).toEqual(["2 line_quantity"]);
    expect(fromCsv.json.errors[0]!.message).toContain("2147483647");

    const row = { order_id: "Q-2", created_at: "2026-03-01T10:00:00Z", currency: "USD", line_items: [{ title: "Alpha", quantity: 99_999_999_999, unit_price: "10" }] };
    const fromJson = await upload("orders", key, { json: { rows: [row] } });
    expect(fromJson.status).toBe(422);
    expect(where(fromJson.json)).toEqual(["1 line_items[0].quantity"]);
    expect(await db.order.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("still take the largest quantity the column holds", async () => {
    const { key } = await workspaceWithKey();
    const result = await upload("orders", key, { csv: csv(ORDER_HEADER, "Q-3,2026-03-01T10:00:00Z,USD,,,Alpha,,2147483647,0.01,,,,,,,,") });
    expect(result.status).toBe(200);
    expect(result.json.rows_applied).toBe(1);
  });
});

describe("Shopify webhooks", () => {
  it("record a quantity past the column's range on the receipt, and the next delivery is applied", async () => {
    const { shop, workspaceId, connectionId } = await seedShopifyConnection();
    vi.spyOn(console, "error").mockImplementation(() => {});
    const bad = orderWithQuantity(PAST_INT4);
    const good = orderBody();

    expect((await postWebhook(signedWebhook("orders/create", bad.body, { shop, eventId: "bad-quantity" }))).status).toBe(200);
    expect((await postWebhook(signedWebhook("orders/create", good.body, { shop, eventId: "good" }))).status).toBe(200);
    await localJobsSettled();

    const receipts = await db.webhookReceipt.findMany({ where: { workspaceId, connectionId }, orderBy: { webhookId: "asc" } });
    expect(receipts.map((r) => [r.webhookId, r.processedAt !== null])).toEqual([["bad-quantity", false], ["good", true]]);
    expect(receipts[0]!.error).toMatch(/^ShopifyPayloadError: A line item's quantity is 2147483648, outside .*2147483647/);
    const orders = await db.order.findMany({ where: { workspaceId, connectionId } });
    expect(orders.map((o) => o.externalId)).toEqual([good.orderId]);
  });

  it("are not retried when the payload cannot be stored: the same body would fail again", async () => {
    const { workspaceId, connectionId } = await seedShopifyConnection();
    vi.spyOn(console, "error").mockImplementation(() => {});
    const key = { workspaceId, connectionId, webhookId: crypto.randomUUID() };
    await db.webhookReceipt.create({ data: { ...key, topic: "orders/create" } });
    const payload = JSON.parse(orderWithQuantity(`${"9".repeat(30)}`).body);
    await expect(processShopifyWebhook({ ...key, topic: "orders/create", payload })).rejects.toBeInstanceOf(PermanentJobError);
    const receipt = await db.webhookReceipt.findFirstOrThrow({ where: key });
    expect(receipt.error).toContain("quantity");
  });

  it("refuse an id past bigint with a clear message rather than a database error", async () => {
    const { shop, workspaceId, connectionId } = await seedShopifyConnection();
    vi.spyOn(console, "error").mockImplementation(() => {});
    const parsed = JSON.parse(orderBody().body);
    delete parsed.admin_graphql_api_id;
    parsed.id = "__ID__";
    const body = JSON.stringify(parsed).replace('"__ID__"', "92233720368547758070");
    await postWebhook(signedWebhook("orders/create", body, { shop }));
    await localJobsSettled();
    const [receipt] = await db.webhookReceipt.findMany({ where: { workspaceId, connectionId } });
    expect(receipt!.error).toMatch(/ShopifyPayloadError: The id 92233720368547758070 is larger than any Shopify id/);
  });

  it("refuse an amount past numeric(20, 4) with a clear message", async () => {
    const parsed = JSON.parse(orderBody().body);
    parsed.total_price_set.shop_money.amount = "123456789012345678.00";
    expect(() => orderBundleFromRest(parsed)).toThrow(/An amount is 123456789012345678.00, larger than Signalboard stores/);
  });
});

describe("store syncs", () => {
  it("leave out an order or a customer with a number past its column, log it, and store the rest", async () => {
    const scope = await seedShopifyConnection();
    const logs = captureLogs();
    onTestFinished(logs.stop);
    const good = orderBundleFromRest(JSON.parse(orderBody().body));
    const bad = orderBundleFromRest(JSON.parse(orderBody().body));
    bad.lineItems[0]!.quantity = PAST_INT4;
    const { rows } = await upsertOrderBundles(scope, [bad, good]);
    expect(rows).toBeGreaterThan(0);
    const orders = await db.order.findMany({ where: { workspaceId: scope.workspaceId, connectionId: scope.connectionId } });
    expect(orders.map((o) => o.externalId)).toEqual([good.order.externalId]);
    expect(logs.text()).toContain(`order ${bad.order.externalId} (the number 2147483648 is outside`);

    const customer = { externalId: 77n, email: null, firstOrderAt: null, tags: [], createdAt: new Date("2026-01-01"), updatedAt: new Date("2026-01-01") };
    await upsertCustomers(scope, [{ ...customer, ordersCount: PAST_INT4 }, { ...customer, externalId: 78n, ordersCount: 3 }]);
    const customers = await db.customer.findMany({ where: { workspaceId: scope.workspaceId, connectionId: scope.connectionId } });
    expect(customers.map((c) => c.externalId)).toEqual([78n]);
  });
});

describe("analytics rows", () => {
  it("refuse sessions past the integer column with a 400 naming the row and field", async () => {
    const { workspaceId, connectionId } = await seedShopifyConnection();
    const row = {
      day: "2026-03-01", channelGroup: "Paid Search", source: "google", medium: "cpc",
      sessions: PAST_INT4, users: 1, transactions: 0, purchaseRevenue: "0", currency: "USD",
    };
    const error = await expectAppError(upsertTraffic({ workspaceId, connectionId }, [row]), "bad_request");
    expect(error.fields).toHaveProperty("rows.0.sessions");
  });
});
