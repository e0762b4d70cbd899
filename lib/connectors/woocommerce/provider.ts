// The WooCommerce store provider: its API for one connection (the real store, or the demo store
// served in process), and the paste-a-key-pair connect check.

import crypto from "node:crypto";
import { AppError } from "@/lib/errors";
import { ConnectorError } from "../common/errors";
import type { FetchLike } from "../common/http";
import { verifyBase64Hmac } from "../common/hmac";
import type { KeyPairConnect, StoreConnectionView, StoreProvider, StoreWebhookFacts } from "../contracts/store-source";
import { createWooClient, type WooClient } from "./client";
import { WooPayloadError } from "./transform";
import { isWooCredentials, type WooCredentials } from "./credentials";
import { DEFAULT_DEMO_END } from "./demo/generator";
import { createDemoWooFetch, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_STORE_URL } from "./demo/server";
import type { WooOrder, WooProduct } from "./shapes";
import { createWooSource, refundsOf, variationsOf } from "./source";
import { orderToBundle, productToBundle } from "./transform";
import { createWebhooks, deliveryHeaders, isPing, isWooWebhookTopic, WOO_WEBHOOK_TOPICS } from "./webhooks";
import { assertPublicStore, normaliseStoreUrl, StoreUrlError } from "./store-url";

/** The demo store's size when connected with its keys (DEMO_WOOCOMMERCE_ORDERS overrides). */
const DEFAULT_DEMO_ORDERS = 2_000;
const DEFAULT_DEMO_SEED = 42;

const KEY = /^ck_[A-Za-z0-9_]{8,100}$/;
const SECRET = /^cs_[A-Za-z0-9_]{8,100}$/;

function clientFor(credentials: WooCredentials, fetch?: FetchLike): WooClient {
  const demo = credentials.storeUrl === DEMO_STORE_URL && credentials.demo;
  return createWooClient({
    storeUrl: credentials.storeUrl,
    consumerKey: credentials.consumerKey,
    consumerSecret: credentials.consumerSecret,
    // The demo store is answered in process: its address is reserved and never looked up.
    fetch: demo
      ? createDemoWooFetch({ seed: demo.seed, orders: demo.orders, endDate: demo.historyEnd, consumerKey: DEMO_CONSUMER_KEY, consumerSecret: DEMO_CONSUMER_SECRET })
      : fetch,
  });
}

const text = (value: unknown) => (typeof value === "string" ? value.trim() : "");

/** Which form field a failed check is about, so the message sits beside what to fix. */
function fieldOf(error: ConnectorError): "storeUrl" | "consumerKey" {
  return error.kind === "auth" || error.kind === "permission" ? "consumerKey" : "storeUrl";
}

/**
 * Checks a pasted store address and key pair against the store before anything is saved: the
 * address is a public https WooCommerce store, and the keys may read its orders. Throws a field
 * error naming the problem; nothing is stored until every check has passed.
 */
export async function checkKeyPair(input: Record<string, unknown>, options: { fetch?: FetchLike } = {}): Promise<Awaited<ReturnType<KeyPairConnect>>> {
  let storeUrl: string;
  try {
    storeUrl = normaliseStoreUrl(input.storeUrl);
    // The demo store's reserved name never resolves; it is answered in process.
    if (storeUrl !== DEMO_STORE_URL) await assertPublicStore(storeUrl);
  } catch (error) {
    if (error instanceof StoreUrlError) throw AppError.field("storeUrl", error.message);
    throw error;
  }
  const consumerKey = text(input.consumerKey);
  const consumerSecret = text(input.consumerSecret);
  if (!KEY.test(consumerKey)) throw AppError.field("consumerKey", "Paste the consumer key WooCommerce showed (it starts with ck_).");
  if (!SECRET.test(consumerSecret)) throw AppError.field("consumerSecret", "Paste the consumer secret WooCommerce showed (it starts with cs_).");

  const demoOrders = Number(process.env.DEMO_WOOCOMMERCE_ORDERS) || DEFAULT_DEMO_ORDERS;
  const credentials: WooCredentials = {
    mode: "keys", storeUrl, consumerKey, consumerSecret, webhookSecret: crypto.randomBytes(32).toString("base64url"),
    ...(storeUrl === DEMO_STORE_URL ? { demo: { seed: DEFAULT_DEMO_SEED, orders: demoOrders, historyEnd: DEFAULT_DEMO_END } } : {}),
  };
  const client = clientFor(credentials, options.fetch);
  try {
    const shop = await createWooSource(client).shop();
    // Reading one order proves the keys have read access where it matters.
    await client.get("orders", { per_page: 1, dates_are_gmt: true });
    return { externalAccountId: new URL(storeUrl).host + new URL(storeUrl).pathname.replace(/\/$/, ""), displayName: shop.name, timeZone: shop.timeZone, currency: shop.currency, credentials, scopes: ["read"] };
  } catch (error) {
    if (error instanceof ConnectorError) throw AppError.field(fieldOf(error), error.message);
    throw error;
  }
}

function credentialsOf(connection: StoreConnectionView): WooCredentials {
  if (!isWooCredentials(connection.credentials)) {
    throw new ConnectorError("auth", "woocommerce", "This WooCommerce connection has no keys: connect the store again.");
  }
  return connection.credentials;
}

/** What one delivery changes. Bodies are the REST API's own shapes; refunds and variations are read alongside. */
async function webhookFacts(connection: StoreConnectionView, topic: string, payload: unknown): Promise<StoreWebhookFacts> {
  const client = clientFor(credentialsOf(connection));
  const none: StoreWebhookFacts = { orders: [], products: [], retiredOrderIds: [] };
  if (!isWooWebhookTopic(topic)) return none;
  if (topic === "product.updated") {
    const product = payload as WooProduct;
    return { ...none, products: [productToBundle(product, await variationsOf(client, product))] };
  }
  let order = payload as WooOrder;
  if (topic === "order.deleted") {
    // The body is only {id}: a trashed order still answers (as trash, which never counts); one
    // deleted for good answers 404.
    const id = Number((payload as { id?: unknown })?.id);
    if (!Number.isSafeInteger(id) || id <= 0) throw new WooPayloadError("order.deleted without an order id.");
    try {
      order = (await client.get<WooOrder>(`orders/${id}`, { dates_are_gmt: true })).body;
    } catch (error) {
      if (error instanceof ConnectorError && error.kind === "not_found") return { ...none, retiredOrderIds: [BigInt(id)] };
      throw error;
    }
  }
  return { ...none, orders: [orderToBundle(order, await refundsOf(client, order))] };
}

export const provider: StoreProvider = {
  async source(connection) {
    return createWooSource(clientFor(credentialsOf(connection)));
  },
  connectWithKeys: (input) => checkKeyPair(input),
  webhooks: {
    topics: WOO_WEBHOOK_TOPICS,
    delivery: (headers) => deliveryHeaders(headers),
    ping: (rawBody, headers) => isPing(rawBody, deliveryHeaders(headers)),
    async subscribe(connection, deliveryUrl) {
      const credentials = credentialsOf(connection);
      if (!credentials.webhookSecret) return;
      await createWebhooks(clientFor(credentials), deliveryUrl, credentials.webhookSecret);
    },
    secret: (credentials) => (isWooCredentials(credentials) ? (credentials.webhookSecret ?? null) : null),
    verify: (rawBody, headers, secret) => verifyBase64Hmac(rawBody, deliveryHeaders(headers).signature, secret),
    facts: webhookFacts,
  },
};
