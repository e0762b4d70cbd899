import crypto from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, vi } from "vitest";
import { sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { localJobsSettled } from "@/lib/jobs/local";
import type { ConnectionStatus } from "@/lib/db/generated/enums";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { unique } from "../helpers";

// Shared by the Shopify webhook and OAuth tests. Every test builds its own shop and workspaces.

export const API_KEY = "test-shopify-api-key";
export const API_SECRET = "test-shopify-api-secret";

export const fixtureText = (name: string) => readFileSync(path.join(import.meta.dirname, "../fixtures/shopify", name), "utf8");

/**
 * For a test file that delivers webhooks: the app's Shopify credentials, quiet processing logs,
 * and every processing job finished before the next test.
 */
export function withShopifyWebhookEnv(): void {
  beforeEach(() => {
    vi.stubEnv("SHOPIFY_API_KEY", API_KEY);
    vi.stubEnv("SHOPIFY_API_SECRET", API_SECRET);
    vi.spyOn(console, "info").mockImplementation(() => {});
  });
  afterEach(async () => {
    await localJobsSettled();
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
  });
}

export const uniqueShop = () => `${unique("shop")}.myshopify.com`;

export async function seedShopifyConnection(input: { shop?: string; workspaceId?: string; status?: ConnectionStatus; credentials?: unknown } = {}) {
  const workspaceId = input.workspaceId ?? (await seedWorkspace((await seedUser()).id)).id;
  const shop = input.shop ?? uniqueShop();
  const connection = await db.connection.create({
    data: {
      workspaceId,
      provider: "shopify",
      externalAccountId: shop,
      displayName: shop,
      status: input.status ?? "active",
      credentials: sealJson(input.credentials ?? { mode: "oauth", shop, accessToken: `shpat_${crypto.randomBytes(8).toString("hex")}` }),
      scopes: ["read_orders"],
      nextSyncAt: new Date(),
    },
  });
  return { workspaceId, connectionId: connection.id, shop, connection };
}

export function signedWebhook(
  topic: string,
  body: string,
  options: { shop: string; eventId?: string | null; webhookId?: string; hmac?: string | null; secret?: string },
): Request {
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    "X-Shopify-Shop-Domain": options.shop,
    "X-Shopify-API-Version": "2026-04",
    "X-Shopify-Webhook-Id": options.webhookId ?? crypto.randomUUID(),
  };
  if (options.eventId !== null) headers["X-Shopify-Event-Id"] = options.eventId ?? crypto.randomUUID();
  const hmac = options.hmac === undefined ? crypto.createHmac("sha256", options.secret ?? API_SECRET).update(body).digest("base64") : options.hmac;
  if (hmac !== null) headers["X-Shopify-Hmac-Sha256"] = hmac;
  return new Request("http://localhost/api/webhooks/shopify", { method: "POST", headers, body });
}

/** The orders/create fixture with fresh ids (so tests sharing the database never collide). */
export function orderBody(overrides: Record<string, unknown> = {}): { body: string; orderId: bigint; lineItemIds: bigint[]; customerId: bigint } {
  const order = JSON.parse(fixtureText("webhook_orders_create.json")) as Record<string, unknown>;
  const orderId = BigInt(crypto.randomInt(1, 2 ** 47));
  const customerId = BigInt(crypto.randomInt(1, 2 ** 47));
  order.id = Number(orderId);
  order.admin_graphql_api_id = `gid://shopify/Order/${orderId}`;
  const customer = order.customer as Record<string, unknown>;
  customer.id = Number(customerId);
  customer.admin_graphql_api_id = `gid://shopify/Customer/${customerId}`;
  const lineItemIds: bigint[] = [];
  for (const line of order.line_items as Record<string, unknown>[]) {
    const id = BigInt(crypto.randomInt(1, 2 ** 47));
    lineItemIds.push(id);
    line.id = Number(id);
    line.admin_graphql_api_id = `gid://shopify/LineItem/${id}`;
  }
  Object.assign(order, overrides);
  return { body: JSON.stringify(order), orderId, lineItemIds, customerId };
}
