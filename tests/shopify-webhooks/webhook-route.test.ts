import crypto from "node:crypto";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { captureLogs } from "@/lib/log";
import { POST } from "@/app/api/webhooks/shopify/route";
import { keyedHash, seal } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { localJobsSettled as settleWebhookJobs } from "@/lib/jobs/local";
import { fixtureText, orderBody, seedShopifyConnection, signedWebhook, uniqueShop, withShopifyWebhookEnv } from "./support";

withShopifyWebhookEnv();

/** Delivers and waits for the background processing to finish. */
async function deliver(request: Request) {
  const response = await POST(request);
  await settleWebhookJobs();
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const receiptsOf = (connectionId: string) => db.webhookReceipt.findMany({ where: { connectionId } });

async function seedCustomer(scope: { workspaceId: string; connectionId: string }, email: string) {
  const externalId = BigInt(crypto.randomInt(1, 2 ** 47));
  await db.customer.create({
    data: {
      workspaceId: scope.workspaceId,
      connectionId: scope.connectionId,
      externalId,
      emailEncrypted: seal(email),
      emailHash: keyedHash(email),
      ordersCount: 1,
      createdAt: new Date("2026-01-01T00:00:00Z"),
      updatedAt: new Date("2026-01-01T00:00:00Z"),
    },
  });
  return externalId;
}

describe("POST /api/webhooks/shopify: verification", () => {
  it("answers 401 JSON to a missing signature, a tampered body and a signature of the wrong length, and records nothing", async () => {
    const { shop, connectionId } = await seedShopifyConnection();
    const { body } = orderBody();

    const missing = await deliver(signedWebhook("orders/create", body, { shop, hmac: null }));
    expect(missing.status).toBe(401);
    expect(missing.json).toMatchObject({ error: { code: "unauthorized" } });

    const good = signedWebhook("orders/create", body, { shop });
    const tampered = new Request(good.url, { method: "POST", headers: good.headers, body: body.replace('"404.95"', '"1.00"') });
    expect((await deliver(tampered)).status).toBe(401);

    const short = await deliver(signedWebhook("orders/create", body, { shop, hmac: good.headers.get("x-shopify-hmac-sha256")!.slice(0, 10) }));
    expect(short.status).toBe(401);

    const wrongSecret = await deliver(signedWebhook("orders/create", body, { shop, secret: "not-our-secret" }));
    expect(wrongSecret.status).toBe(401);

    expect(await receiptsOf(connectionId)).toEqual([]);
  });

  it("acknowledges a signed but unknown topic with 200 {ignored:true}, and logs it", async () => {
    const { shop, connectionId } = await seedShopifyConnection();
    const logs = captureLogs();
    onTestFinished(logs.stop);
    const result = await deliver(signedWebhook("orders/paid", "{}", { shop }));
    expect(result).toEqual({ status: 200, json: { ignored: true } });
    expect(logs.lines().map((line) => JSON.parse(line))).toContainEqual(expect.objectContaining({ msg: "topic ignored", topic: "orders/paid" }));
    expect(await receiptsOf(connectionId)).toEqual([]);
  });

  it("refuses a body over 2 MB with 413 before verifying it", async () => {
    const { shop } = await seedShopifyConnection();
    const big = JSON.stringify({ padding: "x".repeat(2 * 1024 * 1024) });
    expect((await deliver(signedWebhook("orders/create", big, { shop }))).status).toBe(413);
  });

  it("answers 503 when the app secret is not configured (it never skips verification)", async () => {
    vi.stubEnv("SHOPIFY_API_SECRET", "");
    const { shop } = await seedShopifyConnection();
    const result = await deliver(signedWebhook("orders/create", orderBody().body, { shop }));
    expect(result.status).toBe(503);
    expect(JSON.stringify(result.json)).toContain("SHOPIFY_API_SECRET");
  });
});

describe("orders/create: idempotency", () => {
  it("the same delivery three times makes one order and one receipt", async () => {
    const { shop, workspaceId, connectionId } = await seedShopifyConnection();
    const { body, orderId } = orderBody();
    const eventId = crypto.randomUUID();

    const first = await deliver(signedWebhook("orders/create", body, { shop, eventId }));
    expect(first).toEqual({ status: 200, json: { received: true, queued: 1, duplicates: 0 } });
    for (let i = 0; i < 2; i++) {
      // A retry carries the same event id (and a new delivery id).
      const again = await deliver(signedWebhook("orders/create", body, { shop, eventId }));
      expect(again).toEqual({ status: 200, json: { received: true, queued: 0, duplicates: 1 } });
    }

    const orders = await db.order.findMany({ where: { workspaceId, connectionId } });
    expect(orders.map((o) => o.externalId)).toEqual([orderId]);
    expect(orders[0]).toMatchObject({ name: "#9999", currency: "USD", test: true });
    expect(orders[0]!.totalPrice.toString()).toBe("404.95");
    expect(await db.orderLineItem.count({ where: { workspaceId, connectionId, orderId } })).toBe(5);
    const receipts = await receiptsOf(connectionId);
    expect(receipts).toHaveLength(1);
    expect(receipts[0]).toMatchObject({ webhookId: eventId, topic: "orders/create", error: null });
    expect(receipts[0]!.processedAt).toBeInstanceOf(Date);
  });

  it("concurrent duplicate deliveries still make one receipt and one order", async () => {
    const { shop, workspaceId, connectionId } = await seedShopifyConnection();
    const { body } = orderBody();
    const eventId = crypto.randomUUID();
    const responses = await Promise.all([1, 2, 3].map(() => POST(signedWebhook("orders/create", body, { shop, eventId }))));
    await settleWebhookJobs();
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    const queued = await Promise.all(responses.map(async (r) => ((await r.json()) as { queued: number }).queued));
    expect(queued.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await db.order.count({ where: { workspaceId, connectionId } })).toBe(1);
    expect(await receiptsOf(connectionId)).toHaveLength(1);
  });

  it("falls back to X-Shopify-Webhook-Id when there is no event id", async () => {
    const { shop, connectionId } = await seedShopifyConnection();
    const webhookId = crypto.randomUUID();
    await deliver(signedWebhook("orders/create", orderBody().body, { shop, eventId: null, webhookId }));
    expect((await receiptsOf(connectionId)).map((r) => r.webhookId)).toEqual([webhookId]);
  });

  it("orders/updated and orders/cancelled upsert the same row; an older copy does not overwrite a newer one", async () => {
    const { shop, workspaceId, connectionId } = await seedShopifyConnection();
    const created = orderBody({ cancelled_at: null, updated_at: "2026-03-01T10:00:00Z" });
    await deliver(signedWebhook("orders/create", created.body, { shop }));
    const cancelledBody = JSON.parse(created.body);
    Object.assign(cancelledBody, { cancelled_at: "2026-03-02T10:00:00Z", updated_at: "2026-03-02T10:00:00Z", current_total_price: "0.00" });
    delete cancelledBody.current_total_price_set;
    await deliver(signedWebhook("orders/cancelled", JSON.stringify(cancelledBody), { shop }));
    // A late orders/updated from before the cancellation.
    await deliver(signedWebhook("orders/updated", created.body, { shop }));

    const order = await db.order.findFirstOrThrow({ where: { workspaceId, connectionId, externalId: created.orderId } });
    expect(order.cancelledAt).toEqual(new Date("2026-03-02T10:00:00Z"));
    expect(order.currentTotalPrice.toString()).toBe("0");
    expect(await receiptsOf(connectionId)).toHaveLength(3);
  });

  it("keeps ids beyond 2^53 exact from the raw body", async () => {
    const { shop, workspaceId, connectionId } = await seedShopifyConnection();
    const exact = 9007199254740993n + BigInt(crypto.randomInt(1, 1_000_000));
    const raw = orderBody().body;
    const parsed = JSON.parse(raw);
    delete parsed.admin_graphql_api_id;
    parsed.id = "__ID__";
    const body = JSON.stringify(parsed).replace('"__ID__"', exact.toString());
    await deliver(signedWebhook("orders/create", body, { shop }));
    const orders = await db.order.findMany({ where: { workspaceId, connectionId } });
    expect(orders.map((o) => o.externalId)).toEqual([exact]);
  });

  it("a payload that cannot be processed leaves its error on the receipt, and a redelivery retries it", async () => {
    const { shop, connectionId } = await seedShopifyConnection();
    vi.spyOn(console, "error").mockImplementation(() => {});
    const parsed = JSON.parse(orderBody().body);
    delete parsed.id;
    delete parsed.admin_graphql_api_id;
    const body = JSON.stringify(parsed);
    const eventId = crypto.randomUUID();

    const first = await deliver(signedWebhook("orders/create", body, { shop, eventId }));
    expect(first.status).toBe(200);
    let [receipt] = await receiptsOf(connectionId);
    expect(receipt!.processedAt).toBeNull();
    expect(receipt!.error).toMatch(/ShopifyPayloadError: The order has no usable id/);

    const retry = await deliver(signedWebhook("orders/create", body, { shop, eventId }));
    expect(retry.json).toMatchObject({ queued: 1, duplicates: 0 });
    [receipt] = await receiptsOf(connectionId);
    expect(receipt!.error).toMatch(/no usable id/);
    expect(await receiptsOf(connectionId)).toHaveLength(1);
  });
});

describe("routing by shop", () => {
  it("handles each workspace connected to the shop, and skips disconnected connections", async () => {
    const shop = uniqueShop();
    const a = await seedShopifyConnection({ shop });
    const b = await seedShopifyConnection({ shop });
    const gone = await seedShopifyConnection({ shop, status: "disconnected" });
    const { body, orderId } = orderBody();
    const result = await deliver(signedWebhook("orders/create", body, { shop }));
    expect(result.json).toEqual({ received: true, queued: 2, duplicates: 0 });
    for (const scope of [a, b]) {
      expect((await db.order.findMany({ where: { workspaceId: scope.workspaceId, connectionId: scope.connectionId } })).map((o) => o.externalId)).toEqual([orderId]);
    }
    expect(await db.order.count({ where: { workspaceId: gone.workspaceId } })).toBe(0);
    expect(await receiptsOf(gone.connectionId)).toEqual([]);
  });

  it("acknowledges a shop nobody has connected", async () => {
    const result = await deliver(signedWebhook("orders/create", orderBody().body, { shop: uniqueShop() }));
    expect(result).toEqual({ status: 200, json: { received: true, queued: 0, duplicates: 0 } });
  });
});

describe("refunds/create and products/update", () => {
  it("stores the refund and its line items", async () => {
    const { shop, workspaceId, connectionId } = await seedShopifyConnection();
    const refund = JSON.parse(fixtureText("webhook_refunds_create.json"));
    const refundId = BigInt(crypto.randomInt(1, 2 ** 47));
    refund.admin_graphql_api_id = `gid://shopify/Refund/${refundId}`;
    await deliver(signedWebhook("refunds/create", JSON.stringify(refund), { shop }));
    const rows = await db.refund.findMany({ where: { workspaceId, connectionId } });
    expect(rows.map((r) => [r.externalId, r.totalRefunded.toString(), r.currency])).toEqual([[refundId, "85", "USD"]]);
    expect(await db.refundLineItem.count({ where: { workspaceId, connectionId, refundId } })).toBe(5);
  });

  it("stores the product and its variants", async () => {
    const { shop, workspaceId, connectionId } = await seedShopifyConnection();
    const productId = crypto.randomInt(1, 2 ** 47);
    const body = {
      id: productId,
      admin_graphql_api_id: `gid://shopify/Product/${productId}`,
      title: "T-Shirt",
      status: "active",
      vendor: "My Store",
      product_type: "Shirts",
      created_at: "2025-04-01T10:00:00-05:00",
      updated_at: "2025-04-22T14:30:00-05:00",
      tags: "cotton, comfortable",
      variants: [{ id: productId + 1, title: "Default Title", price: "29.99", sku: "TSHIRT-001", updated_at: "2025-04-22T14:30:00-05:00" }],
    };
    await deliver(signedWebhook("products/update", JSON.stringify(body), { shop }));
    const product = await db.product.findFirstOrThrow({ where: { workspaceId, connectionId } });
    expect(product).toMatchObject({ externalId: BigInt(productId), title: "T-Shirt", tags: ["cotton", "comfortable"] });
    expect(await db.productVariant.count({ where: { workspaceId, connectionId, productId: BigInt(productId) } })).toBe(1);
  });
});

describe("app/uninstalled", () => {
  it("disconnects the connection and stops its schedule; later order webhooks are not applied", async () => {
    const { shop, workspaceId, connectionId } = await seedShopifyConnection();
    await deliver(signedWebhook("app/uninstalled", fixtureText("webhook_app_uninstalled.json"), { shop }));
    const connection = await db.connection.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId, id: connectionId } } });
    expect(connection.status).toBe("disconnected");
    expect(connection.disconnectedAt).toBeInstanceOf(Date);
    expect(connection.nextSyncAt).toBeNull();
    expect((await receiptsOf(connectionId))[0]!.processedAt).toBeInstanceOf(Date);

    const late = await deliver(signedWebhook("orders/create", orderBody().body, { shop }));
    expect(late.json).toMatchObject({ queued: 0 });
    expect(await db.order.count({ where: { workspaceId, connectionId } })).toBe(0);
  });
});

describe("privacy webhooks", () => {
  function compliancePayload(file: string, shop: string, customerId?: bigint, orders: bigint[] = []) {
    const body = JSON.parse(fixtureText(file));
    body.shop_domain = shop;
    if (customerId !== undefined) {
      body.customer.id = Number(customerId);
      body.orders_to_redact = orders.map(Number);
    }
    return JSON.stringify(body);
  }

  it("customers/redact anonymises only that customer, clears their orders' landing pages, and records what was done", async () => {
    const scope = await seedShopifyConnection();
    const { workspaceId, connectionId, shop } = scope;
    const target = await seedCustomer({ workspaceId, connectionId }, "jane@example.test");
    const other = await seedCustomer({ workspaceId, connectionId }, "kim@example.test");
    const mine = orderBody({ landing_site: "/?utm_source=mail&email=jane@example.test", referring_site: "https://mail.example/" });
    const theirs = orderBody({ landing_site: "/?utm_source=ads" });
    const mineBody = JSON.parse(mine.body);
    mineBody.customer.admin_graphql_api_id = `gid://shopify/Customer/${target}`;
    const theirsBody = JSON.parse(theirs.body);
    theirsBody.customer.admin_graphql_api_id = `gid://shopify/Customer/${other}`;
    await deliver(signedWebhook("orders/create", JSON.stringify(mineBody), { shop }));
    await deliver(signedWebhook("orders/create", JSON.stringify(theirsBody), { shop }));

    await deliver(signedWebhook("customers/redact", compliancePayload("webhook_customers_redact.json", shop, target, [mine.orderId]), { shop }));

    const customers = await db.customer.findMany({ where: { workspaceId, connectionId }, orderBy: { externalId: "asc" } });
    const redacted = customers.find((c) => c.externalId === target)!;
    const kept = customers.find((c) => c.externalId === other)!;
    expect(redacted).toMatchObject({ emailEncrypted: null, emailHash: null });
    expect(redacted.redactedAt).toBeInstanceOf(Date);
    expect(kept.emailEncrypted).not.toBeNull();
    expect(kept.emailHash).toBe(keyedHash("kim@example.test"));
    expect(kept.redactedAt).toBeNull();

    const myOrder = await db.order.findFirstOrThrow({ where: { workspaceId, connectionId, externalId: mine.orderId } });
    expect(myOrder).toMatchObject({ landingSite: null, referringSite: null, utmSource: "mail" });
    const theirOrder = await db.order.findFirstOrThrow({ where: { workspaceId, connectionId, externalId: theirs.orderId } });
    expect(theirOrder.landingSite).toBe("/?utm_source=ads");

    const requests = await db.complianceRequest.findMany({ where: { workspaceId, connectionId } });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ topic: "customers/redact", customerExternalId: target });
    expect(requests[0]!.action).toMatch(/^redacted: email, email hash and tags removed from customer \d+; landing and referring pages cleared on 1 orders; tracking data deleted: 0 visitors, 0 events, 0 sessions$/);
    expect(requests[0]!.completedAt).toBeInstanceOf(Date);
  });

  it("customers/redact for a customer we never stored still records the request", async () => {
    const { workspaceId, connectionId, shop } = await seedShopifyConnection();
    await deliver(signedWebhook("customers/redact", compliancePayload("webhook_customers_redact.json", shop, 191167n), { shop }));
    const [request] = await db.complianceRequest.findMany({ where: { workspaceId, connectionId } });
    expect(request!.action).toContain("no customer record held for customer 191167");
  });

  it("customers/data_request makes the customer's export for the owners and records the request answered", async () => {
    const { workspaceId, connectionId, shop } = await seedShopifyConnection();
    const customerId = await seedCustomer({ workspaceId, connectionId }, "ana@example.test");
    const order = orderBody();
    const body = JSON.parse(order.body);
    body.customer.admin_graphql_api_id = `gid://shopify/Customer/${customerId}`;
    await deliver(signedWebhook("orders/create", JSON.stringify(body), { shop }));
    const request = { shop_id: 954889, shop_domain: shop, orders_requested: [Number(order.orderId)], customer: { id: Number(customerId), email: "ana@example.test" }, data_request: { id: 9999 } };
    await deliver(signedWebhook("customers/data_request", JSON.stringify(request), { shop }));

    const [row] = await db.complianceRequest.findMany({ where: { workspaceId, connectionId } });
    expect(row).toMatchObject({ topic: "customers/data_request", customerExternalId: customerId, completedAt: expect.any(Date) });
    expect(row!.action).toMatch(/^exported for customer \d+ \(export \w+\): the customer record, 1 orders/);
  });

  it("shop/redact after uninstall erases the connection's commerce rows, and only those", async () => {
    const shop = uniqueShop();
    const doomed = await seedShopifyConnection({ shop });
    const bystander = await seedShopifyConnection();
    await seedCustomer(doomed, "a@example.test");
    await seedCustomer(bystander, "b@example.test");
    // Not test orders, so each cancelled, voided order is an exception too.
    await deliver(signedWebhook("orders/create", orderBody({ test: false }).body, { shop }));
    await deliver(signedWebhook("orders/create", orderBody({ test: false }).body, { shop: bystander.shop }));
    await deliver(signedWebhook("app/uninstalled", fixtureText("webhook_app_uninstalled.json"), { shop }));

    // Privacy topics reach disconnected connections.
    const result = await deliver(signedWebhook("shop/redact", compliancePayload("webhook_shop_redact.json", shop), { shop }));
    expect(result.json).toMatchObject({ queued: 1 });

    const where = { workspaceId: doomed.workspaceId, connectionId: doomed.connectionId };
    expect(await db.order.count({ where })).toBe(0);
    expect(await db.orderLineItem.count({ where })).toBe(0);
    expect(await db.customer.count({ where })).toBe(0);
    expect(await db.exceptionOrder.count({ where })).toBe(0);
    const [request] = await db.complianceRequest.findMany({ where });
    expect(request).toMatchObject({ topic: "shop/redact", customerExternalId: null });
    expect(request!.action).toBe("erased: 1 orders, 5 line items, 0 refunds, 0 refund line items, 1 customers, 0 products, 0 variants, 2 delivery receipts; tracking data deleted: 0 visitors, 0 events, 0 sessions");
    expect(request!.completedAt).toBeInstanceOf(Date);
    // The connection row stays as the record, disconnected.
    expect((await db.connection.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: doomed.workspaceId, id: doomed.connectionId } } })).status).toBe("disconnected");

    const other = { workspaceId: bystander.workspaceId, connectionId: bystander.connectionId };
    expect(await db.order.count({ where: other })).toBe(1);
    expect(await db.exceptionOrder.count({ where: other })).toBe(1);
    expect(await db.customer.count({ where: other })).toBe(1);
  });

  it("shop/redact for a shop that was connected again is left for review, nothing deleted", async () => {
    const { workspaceId, connectionId, shop } = await seedShopifyConnection();
    await deliver(signedWebhook("orders/create", orderBody().body, { shop }));
    await deliver(signedWebhook("shop/redact", compliancePayload("webhook_shop_redact.json", shop), { shop }));
    expect(await db.order.count({ where: { workspaceId, connectionId } })).toBe(1);
    const [request] = await db.complianceRequest.findMany({ where: { workspaceId, connectionId } });
    expect(request!.action).toMatch(/^skipped: the shop is connected again/);
    expect(request!.completedAt).toBeNull();
  });
});
