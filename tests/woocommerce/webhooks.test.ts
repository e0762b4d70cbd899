import crypto from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/webhooks/woocommerce/route";
import { connectKeyPairStore } from "@/lib/connections/key-pair";
import { getConnection } from "@/lib/connections/service";
import type { WooCredentials } from "@/lib/connectors/woocommerce/credentials";
import { createDemoWooStore, DEFAULT_DEMO_END } from "@/lib/connectors/woocommerce/demo/generator";
import { renderOrder, renderProduct } from "@/lib/connectors/woocommerce/demo/render";
import { DEMO_CATALOG } from "@/lib/connectors/woocommerce/demo/catalog";
import { DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_STORE_URL, demoWebhooks } from "@/lib/connectors/woocommerce/demo/server";
import { openJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { localJobsSettled } from "@/lib/jobs/local";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";

// Deliveries to the webhooks a WooCommerce connection creates: signed with the connection's own
// secret, recorded once per delivery id, processed by a job through the engine's upserts.

const ORDERS = 200;
const APP_URL = "https://app.signalboard.example";

beforeEach(() => {
  vi.stubEnv("DEMO_WOOCOMMERCE_ORDERS", String(ORDERS));
  vi.stubEnv("APP_URL", APP_URL);
});
afterEach(() => vi.unstubAllEnvs());

async function connectDemo() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  const { id } = await connectKeyPairStore(workspace.id, "woocommerce", { storeUrl: DEMO_STORE_URL, consumerKey: DEMO_CONSUMER_KEY, consumerSecret: DEMO_CONSUMER_SECRET });
  const scope = { workspaceId: workspace.id, connectionId: id };
  const secret = openJson<WooCredentials>((await getConnection(scope)).credentials).webhookSecret!;
  return { scope, secret };
}

type Delivery = { topic?: string | null; body: string; secret?: string; signature?: string | null; deliveryId?: string; scope: { workspaceId: string; connectionId: string } };

function delivery({ topic = "order.updated", body, secret, signature, deliveryId = crypto.randomUUID(), scope }: Delivery): Request {
  const headers = new Headers({ "content-type": "application/json", "x-wc-webhook-source": `${DEMO_STORE_URL}/`, "x-wc-webhook-delivery-id": deliveryId });
  if (topic) headers.set("x-wc-webhook-topic", topic);
  const signed = signature === undefined ? crypto.createHmac("sha256", secret ?? "").update(body).digest("base64") : signature;
  if (signed !== null) headers.set("x-wc-webhook-signature", signed);
  const url = `${APP_URL}/api/webhooks/woocommerce?workspace=${scope.workspaceId}&connection=${scope.connectionId}`;
  return new Request(url, { method: "POST", headers, body });
}

async function deliver(request: Request) {
  const response = await POST(request);
  await localJobsSettled();
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const demoStore = () => createDemoWooStore({ seed: 42, orders: ORDERS, endDate: DEFAULT_DEMO_END });
const orderBody = (changes: Record<string, unknown> = {}) => JSON.stringify({ ...renderOrder(demoStore().orders.find((o) => o.refund)!), ...changes });

describe("POST /api/webhooks/woocommerce", () => {
  it("creates its four webhooks in the store when connected, pointing at this connection", async () => {
    const { scope, secret } = await connectDemo();
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const url = `${APP_URL}/api/webhooks/woocommerce?workspace=${scope.workspaceId}&connection=${scope.connectionId}`;
    const mine = demoWebhooks().filter((w) => w.delivery_url === url);
    expect(mine.map((w) => w.topic)).toEqual(["order.created", "order.updated", "order.deleted", "product.updated"]);
  });

  it("processes a signed delivery once: the order and its refunds land, a replay is only acknowledged", async () => {
    const { scope, secret } = await connectDemo();
    const body = orderBody();
    const order = JSON.parse(body) as { id: number; total: string };
    const deliveryId = "d-1";
    const first = await deliver(delivery({ body, secret, deliveryId, scope }));
    expect(first).toEqual({ status: 200, json: { received: true, queued: 1, duplicates: 0 } });
    const stored = await db.order.findFirst({ where: { ...scope, externalId: BigInt(order.id) } });
    expect(stored?.totalPrice.toFixed(2)).toBe(order.total);
    expect(await db.refund.count({ where: { ...scope, orderId: BigInt(order.id) } })).toBe(1);
    const receipt = await db.webhookReceipt.findFirst({ where: { ...scope, webhookId: deliveryId } });
    expect(receipt).toMatchObject({ topic: "order.updated", payload: null, error: null });
    expect(receipt?.processedAt).not.toBeNull();

    const syncedAt = stored!.syncedAt;
    const replay = await deliver(delivery({ body, secret, deliveryId, scope }));
    expect(replay).toEqual({ status: 200, json: { received: true, queued: 0, duplicates: 1 } });
    expect((await db.order.findFirst({ where: { ...scope, externalId: BigInt(order.id) } }))!.syncedAt).toEqual(syncedAt);
    expect(await db.webhookReceipt.count({ where: scope })).toBe(1);
  });

  it("answers 401 to a missing or forged signature, another connection's secret, or an unknown connection, and records nothing", async () => {
    const { scope, secret } = await connectDemo();
    const other = await connectDemo();
    const body = orderBody();
    expect((await deliver(delivery({ body, signature: null, scope }))).status).toBe(401);
    expect((await deliver(delivery({ body, secret: "not-the-secret", scope }))).status).toBe(401);
    expect((await deliver(delivery({ body, secret: other.secret, scope }))).status).toBe(401);
    const tampered = await deliver(delivery({ body, signature: crypto.createHmac("sha256", secret).update(orderBody({ total: "1.00" })).digest("base64"), scope }));
    expect(tampered).toMatchObject({ status: 401, json: { error: { code: "unauthorized" } } });
    expect((await deliver(delivery({ body, secret, scope: { ...scope, connectionId: "nope" } }))).status).toBe(401);
    expect(await db.webhookReceipt.count({ where: scope })).toBe(0);
  });

  it("refuses a body over the limit with 413, and answers WooCommerce's unsigned ping with 200", async () => {
    const { scope, secret } = await connectDemo();
    const huge = JSON.stringify({ padding: "x".repeat(2 * 1024 * 1024) });
    expect((await deliver(delivery({ body: huge, secret, scope }))).status).toBe(413);
    const ping = await deliver(delivery({ topic: null, body: "webhook_id=17", signature: null, scope }));
    expect(ping).toEqual({ status: 200, json: { ping: true } });
    expect(await db.webhookReceipt.count({ where: scope })).toBe(0);
  });

  it("keeps an order deleted for good but stops counting it, and takes a product update", async () => {
    const { scope, secret } = await connectDemo();
    const gone = 987_654;
    await deliver(delivery({ topic: "order.created", body: orderBody({ id: gone, number: String(gone), refunds: [] }), secret, scope }));
    expect(await db.order.findFirst({ where: { ...scope, externalId: BigInt(gone) } })).toMatchObject({ test: false });
    // The demo store has no such order: it answers 404, as WooCommerce does once an order is deleted.
    const deleted = await deliver(delivery({ topic: "order.deleted", body: JSON.stringify({ id: gone }), secret, scope }));
    expect(deleted.status).toBe(200);
    expect(await db.order.findFirst({ where: { ...scope, externalId: BigInt(gone) } })).toMatchObject({ test: true, financialStatus: "deleted" });

    const product = { ...renderProduct(DEMO_CATALOG[0]!), name: "Merino Crew Tee (renamed)" };
    await deliver(delivery({ topic: "product.updated", body: JSON.stringify(product), secret, scope }));
    expect(await db.product.findFirst({ where: { ...scope, externalId: BigInt(product.id) } })).toMatchObject({ title: "Merino Crew Tee (renamed)" });
    expect(await db.productVariant.count({ where: { ...scope, productId: BigInt(product.id) } })).toBe(3);
  });

  it("acknowledges a signed topic it does not process without recording it", async () => {
    const { scope, secret } = await connectDemo();
    const ignored = await deliver(delivery({ topic: "coupon.created", body: "{}", secret, scope }));
    expect(ignored).toEqual({ status: 200, json: { ignored: true } });
    expect(await db.webhookReceipt.count({ where: scope })).toBe(0);
  });
});
