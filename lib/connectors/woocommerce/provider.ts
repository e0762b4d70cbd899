// The WooCommerce store provider: its API for one connection (the real store, or the demo store
// served in process), and the paste-a-key-pair connect check.

import { AppError } from "@/lib/errors";
import { ConnectorError } from "../common/errors";
import type { FetchLike } from "../common/http";
import type { KeyPairConnect, StoreProvider } from "../contracts/store-source";
import { createWooClient, type WooClient } from "./client";
import { isWooCredentials, type WooCredentials } from "./credentials";
import { DEFAULT_DEMO_END } from "./demo/generator";
import { createDemoWooFetch, DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_STORE_URL } from "./demo/server";
import { createWooSource } from "./source";
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
    mode: "keys", storeUrl, consumerKey, consumerSecret,
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

export const provider: StoreProvider = {
  async source(connection) {
    if (!isWooCredentials(connection.credentials)) {
      throw new ConnectorError("auth", "woocommerce", "This WooCommerce connection has no keys: connect the store again.");
    }
    return createWooSource(clientFor(connection.credentials));
  },
  connectWithKeys: (input) => checkKeyPair(input),
};
