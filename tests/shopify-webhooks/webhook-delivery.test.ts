import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/shopify/route";
import { db } from "@/lib/db/client";
import { lockKeyOf } from "@/lib/jobs/define";
import { enqueueLocal, localContext, localJobsSettled } from "@/lib/jobs/local";
import { withAdvisoryLock } from "@/lib/jobs/lock";
import { processWebhookJob } from "@/lib/stores/webhooks/job";
import { processWebhookHandler } from "@/lib/stores/webhooks/job-handler";
import { recordDelivery } from "@/lib/stores/webhooks/receipts";
import { orderBody, seedShopifyConnection, signedWebhook, uniqueShop, withShopifyWebhookEnv } from "./support";

// The receiver acknowledges once a delivery is recorded (its body in the receipt, sealed), and
// processing reads the body from there: after the answer, or after a restart.

withShopifyWebhookEnv();

const receiptsOf = (connectionId: string) => db.webhookReceipt.findMany({ where: { connectionId } });

describe("acknowledgement", () => {
  it("answers once the delivery is recorded, keeping its body sealed for processing; a lost job is picked up again from the receipt", async () => {
    const { shop, workspaceId, connectionId } = await seedShopifyConnection();
    const { body, orderId } = orderBody();
    const eventId = crypto.randomUUID();
    const scope = { workspaceId, connectionId, webhookId: eventId, topic: "orders/create" };

    // Another process works this connection, so the job queued here is dropped as busy: only the
    // receipt remains, as after a restart.
    const response = await withAdvisoryLock(lockKeyOf(processWebhookJob, scope), async () => {
      const answered = await POST(signedWebhook("orders/create", body, { shop, eventId }));
      await localJobsSettled();
      return answered;
    });
    expect(response!.status).toBe(200);
    expect(await response!.json()).toEqual({ received: true, queued: 1, duplicates: 0 });
    expect(await db.order.count({ where: { workspaceId, connectionId } })).toBe(0);
    const [receipt] = await receiptsOf(connectionId);
    expect(receipt).toMatchObject({ processedAt: null, error: null });
    // Sealed: neither the customer's email nor the amounts are readable at rest.
    expect(receipt!.payload).toMatch(/^v1\./);
    expect(receipt!.payload).not.toContain("example.com");
    expect(receipt!.payload).not.toContain("404.95");

    // Not picked up while it may still be in flight elsewhere; once presumed lost, it is.
    expect(await processWebhookJob.recover!()).not.toContainEqual(scope);
    await db.webhookReceipt.updateMany({ where: { connectionId }, data: { receivedAt: new Date(Date.now() - 2 * 60_000) } });
    const recovered = (await processWebhookJob.recover!()).filter((job) => job.connectionId === connectionId);
    expect(recovered).toEqual([scope]);
    for (const job of recovered) enqueueLocal(processWebhookJob, job);
    await localJobsSettled();

    const orders = await db.order.findMany({ where: { workspaceId, connectionId } });
    expect(orders.map((o) => o.externalId)).toEqual([orderId]);
    const [done] = await receiptsOf(connectionId);
    expect(done!.processedAt).toBeInstanceOf(Date);
    // Processed: the body is no longer kept.
    expect(done!.payload).toBeNull();
    expect((await processWebhookJob.recover!()).filter((job) => job.connectionId === connectionId)).toEqual([]);
  });

  it("a job for a delivery already processed does nothing", async () => {
    const { shop, workspaceId, connectionId } = await seedShopifyConnection();
    const eventId = crypto.randomUUID();
    await POST(signedWebhook("orders/create", orderBody().body, { shop, eventId }));
    await localJobsSettled();
    const result = await processWebhookHandler.run({ workspaceId, connectionId, webhookId: eventId, topic: "orders/create" }, localContext());
    expect(result).toEqual({ webhookId: eventId, skipped: true });
    expect(await db.order.count({ where: { workspaceId, connectionId } })).toBe(1);
  });

  it("a burst of concurrent deliveries: forged ones refused, duplicates recorded once, every other one processed", async () => {
    const { shop, workspaceId, connectionId } = await seedShopifyConnection();
    const orders = Array.from({ length: 60 }, () => ({ ...orderBody(), eventId: crypto.randomUUID() }));
    const requests = [
      ...orders.map((o) => signedWebhook("orders/create", o.body, { shop, eventId: o.eventId })),
      // Shopify's retries of twenty of them, and five deliveries signed with another secret.
      ...orders.slice(0, 20).map((o) => signedWebhook("orders/create", o.body, { shop, eventId: o.eventId })),
      ...orders.slice(0, 5).map((o) => signedWebhook("orders/create", o.body, { shop, secret: "forged" })),
    ];
    const responses = await Promise.all(requests.map((r) => POST(r)));
    const answers = await Promise.all(responses.map(async (r) => ({ status: r.status, json: (await r.json()) as Record<string, number> })));
    await localJobsSettled();

    expect(answers.filter((a) => a.status === 401)).toHaveLength(5);
    const accepted = answers.filter((a) => a.status === 200);
    expect(accepted).toHaveLength(80);
    expect(accepted.reduce((sum, a) => sum + a.json.queued!, 0)).toBe(60);
    expect(accepted.reduce((sum, a) => sum + a.json.duplicates!, 0)).toBe(20);

    const stored = await db.order.findMany({ where: { workspaceId, connectionId }, select: { externalId: true } });
    expect(stored.map((o) => o.externalId).sort()).toEqual(orders.map((o) => o.orderId).sort());
    const receipts = await receiptsOf(connectionId);
    expect(receipts).toHaveLength(60);
    expect(receipts.every((r) => r.processedAt !== null && r.payload === null && r.error === null)).toBe(true);
  });
});

describe("recordDelivery", () => {
  it("routes each delivery of one statement to its own shop's connections, and counts a repeat within it as a duplicate", async () => {
    const shop = uniqueShop();
    const a = await seedShopifyConnection({ shop });
    const b = await seedShopifyConnection({ shop });
    const gone = await seedShopifyConnection({ shop, status: "disconnected" });
    const elsewhere = await seedShopifyConnection();
    const webhookId = crypto.randomUUID();
    const delivery = { shopDomain: shop, includeDisconnected: false, webhookId, topic: "orders/create", rawBody: "{}" };

    // Made in the same turn, these share one statement.
    const [first, repeat, privacy, other] = await Promise.all([
      recordDelivery(delivery),
      recordDelivery(delivery),
      recordDelivery({ ...delivery, webhookId: crypto.randomUUID(), topic: "shop/redact", includeDisconnected: true }),
      recordDelivery({ ...delivery, shopDomain: elsewhere.shop }),
    ]);

    const byConnection = (rows: { connectionId: string; queued: boolean }[]) =>
      Object.fromEntries(rows.map((r) => [r.connectionId, r.queued]));
    expect(byConnection(first!)).toEqual({ [a.connectionId]: true, [b.connectionId]: true });
    expect(byConnection(repeat!)).toEqual({ [a.connectionId]: false, [b.connectionId]: false });
    expect(byConnection(privacy!)).toEqual({ [a.connectionId]: true, [b.connectionId]: true, [gone.connectionId]: true });
    expect(other).toEqual([{ workspaceId: elsewhere.workspaceId, connectionId: elsewhere.connectionId, queued: true }]);

    expect(await receiptsOf(a.connectionId)).toHaveLength(2);
    expect((await receiptsOf(gone.connectionId)).map((r) => r.topic)).toEqual(["shop/redact"]);
    expect(await receiptsOf(elsewhere.connectionId)).toHaveLength(1);
  });
});
