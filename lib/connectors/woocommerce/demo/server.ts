// A fetch-compatible fake of a WooCommerce store's REST API v3 over the generated demo store, so
// the demo goes through the same client, source and engine as a real store. It answers the calls
// source.ts and connect.ts make, with WooCommerce's paging headers and error bodies.

import { zonedToUtc } from "@/lib/time/zone";
import type { FetchLike } from "../../common/http";
import { DEMO_CATALOG } from "./catalog";
import { createDemoWooStore, DEFAULT_DEMO_END, DEMO_CURRENCY, DEMO_TIME_ZONE, ORDER_ID_BASE, type DemoWooStore } from "./generator";
import { catalogModifiedMs, renderCustomer, renderOrder, renderProduct, renderRefund, renderVariations } from "./render";

/** The demo store's address: reserved (.invalid), so it is never looked up on the network. */
export const DEMO_STORE_URL = "https://demo-store.woocommerce.signalboard.invalid";
export const DEMO_CONSUMER_KEY = "ck_signalboard_demo";
export const DEMO_CONSUMER_SECRET = "cs_signalboard_demo";

export type DemoWooFetchOptions = {
  seed: number;
  orders: number;
  endDate?: string | Date;
  /** When set, other keys get WooCommerce's 401. */
  consumerKey?: string;
  consumerSecret?: string;
};

// Generating 100,000 orders takes a moment; every slice of a sync builds a new fetch.
const stores = new Map<string, DemoWooStore>();
function storeFor(options: DemoWooFetchOptions): DemoWooStore {
  const key = `${options.seed}:${options.orders}:${new Date(options.endDate ?? DEFAULT_DEMO_END).toISOString()}`;
  let store = stores.get(key);
  if (!store) {
    store = createDemoWooStore(options);
    if (stores.size >= 4) stores.delete(stores.keys().next().value!);
    stores.set(key, store);
  }
  return store;
}

/** Webhooks created in the demo store, newest last (bounded): what a real store's admin would list. */
const createdWebhooks: { id: number; topic: string; delivery_url: string }[] = [];
export const demoWebhooks = (): readonly { id: number; topic: string; delivery_url: string }[] => createdWebhooks;

const wooError = (status: number, code: string, message: string) => Response.json({ code, message, data: { status } }, { status });

function listAnswer(rows: unknown[], total: number, perPage: number): Response {
  return Response.json(rows, { headers: { "X-WP-Total": String(total), "X-WP-TotalPages": String(Math.max(1, Math.ceil(total / perPage))) } });
}

/** A date filter as WooCommerce reads it: GMT with dates_are_gmt=true, else the site's local time. */
function dateParam(params: URLSearchParams, name: string): number | null {
  const value = params.get(name);
  if (!value) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(value);
  if (!match) return Number.NaN;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  if (params.get("dates_are_gmt") === "true") return Date.UTC(year, month - 1, day, hour, minute, second);
  return zonedToUtc({ year, month, day, hour, minute, second }, DEMO_TIME_ZONE).getTime();
}

/** First position in `sorted` (ascending by key) whose key is greater than `value`. */
function firstAfter(length: number, key: (i: number) => number, value: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (key(mid) > value) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function paging(params: URLSearchParams): { page: number; perPage: number } | Response {
  const page = Number(params.get("page") ?? 1);
  const perPage = Number(params.get("per_page") ?? 10);
  if (!Number.isInteger(page) || page < 1) return wooError(400, "rest_invalid_param", "Invalid parameter(s): page");
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) return wooError(400, "rest_invalid_param", "Invalid parameter(s): per_page");
  return { page, perPage };
}

function listOrders(store: DemoWooStore, params: URLSearchParams): Response {
  const p = paging(params);
  if (p instanceof Response) return p;
  const after = dateParam(params, "modified_after");
  const before = dateParam(params, "modified_before");
  if (Number.isNaN(after) || Number.isNaN(before)) return wooError(400, "rest_invalid_param", "Invalid parameter(s): modified_after, modified_before");
  if ((params.get("orderby") ?? "date") !== "modified") {
    // WooCommerce's default: newest first (the demo's ids follow creation).
    if (after !== null || before !== null) return wooError(400, "rest_invalid_param", "The demo store filters orders by modified date with orderby=modified only.");
    const total = store.orders.length;
    const rows = [];
    for (let n = (p.page - 1) * p.perPage; n < Math.min(total, p.page * p.perPage); n++) rows.push(renderOrder(store.orders[total - 1 - n]!));
    return listAnswer(rows, total, p.perPage);
  }
  if (params.get("order") !== "asc") return wooError(400, "rest_invalid_param", "The demo store lists orders by modified date in ascending order only.");
  const modified = (i: number) => store.orders[store.byModified[i]!]!.modifiedMs;
  const from = after === null ? 0 : firstAfter(store.byModified.length, modified, after);
  const to = before === null ? store.byModified.length : firstAfter(store.byModified.length, modified, before - 1);
  const total = Math.max(0, to - from);
  const start = from + (p.page - 1) * p.perPage;
  const rows = [];
  for (let i = start; i < Math.min(to, start + p.perPage); i++) rows.push(renderOrder(store.orders[store.byModified[i]!]!));
  return listAnswer(rows, total, p.perPage);
}

function listProducts(params: URLSearchParams): Response {
  const p = paging(params);
  if (p instanceof Response) return p;
  const after = dateParam(params, "modified_after");
  const before = dateParam(params, "modified_before");
  const visible = (after === null || catalogModifiedMs > after) && (before === null || catalogModifiedMs < before);
  const all = visible ? DEMO_CATALOG : [];
  return listAnswer(all.slice((p.page - 1) * p.perPage, p.page * p.perPage).map(renderProduct), all.length, p.perPage);
}

function listCustomers(store: DemoWooStore, params: URLSearchParams): Response {
  const p = paging(params);
  if (p instanceof Response) return p;
  const include = params.get("include");
  if (include) {
    const wanted = new Set(include.split(",").map(Number));
    const rows = store.customers.filter((customer) => wanted.has(customer.id)).slice(0, p.perPage).map(renderCustomer);
    return listAnswer(rows, rows.length, p.perPage);
  }
  const newestFirst = params.get("orderby") === "registered_date" && params.get("order") === "desc";
  const total = store.customers.length;
  const rows = [];
  for (let n = (p.page - 1) * p.perPage; n < Math.min(total, p.page * p.perPage); n++) {
    rows.push(renderCustomer(store.customers[newestFirst ? total - 1 - n : n]!));
  }
  return listAnswer(rows, total, p.perPage);
}

export function createDemoWooFetch(options: DemoWooFetchOptions): FetchLike {
  return async (url, init) => {
    const target = new URL(url);
    const path = target.pathname.replace(/\/+$/, "");
    if (target.origin !== DEMO_STORE_URL) return new Response("<html><body>Not found</body></html>", { status: 404, headers: { "content-type": "text/html" } });
    if (path === "/wp-json") {
      return Response.json({ name: "Signalboard Demo WooCommerce", url: DEMO_STORE_URL, home: DEMO_STORE_URL, gmt_offset: 13, timezone_string: DEMO_TIME_ZONE, namespaces: ["wp/v2", "wc/v3"] });
    }
    if (!path.startsWith("/wp-json/wc/v3/")) return wooError(404, "rest_no_route", "No route was found matching the URL and request method.");
    if (options.consumerKey) {
      const header = new Headers(init.headers).get("authorization") ?? "";
      if (header !== `Basic ${Buffer.from(`${options.consumerKey}:${options.consumerSecret ?? ""}`).toString("base64")}`) {
        return wooError(401, "woocommerce_rest_authentication_error", "Consumer key is invalid.");
      }
    }
    const store = storeFor(options);
    const route = path.slice("/wp-json/wc/v3/".length);
    const method = init.method ?? "GET";
    let match: RegExpExecArray | null;
    if (method === "POST" && route === "webhooks") {
      const body = JSON.parse(String(init.body ?? "{}")) as { topic?: string; delivery_url?: string };
      if (typeof body.topic !== "string" || typeof body.delivery_url !== "string" || !body.delivery_url.startsWith("https://")) {
        return wooError(400, "rest_invalid_param", "Invalid parameter(s): topic, delivery_url");
      }
      const webhook = { id: (createdWebhooks.at(-1)?.id ?? 0) + 1, topic: body.topic, delivery_url: body.delivery_url };
      createdWebhooks.push(webhook);
      if (createdWebhooks.length > 1000) createdWebhooks.shift();
      return Response.json({ ...webhook, status: "active" }, { status: 201 });
    }
    if (method !== "GET") return wooError(404, "rest_no_route", "No route was found matching the URL and request method.");
    if (route === "data/currencies/current") return Response.json({ code: DEMO_CURRENCY, name: "New Zealand dollar", symbol: "$" });
    if (route === "orders") return listOrders(store, target.searchParams);
    if ((match = /^orders\/(\d+)(\/refunds)?$/.exec(route))) {
      const order = store.orders[Number(match[1]) - ORDER_ID_BASE];
      if (!order) return wooError(404, "woocommerce_rest_shop_order_invalid_id", "Invalid ID.");
      if (!match[2]) return Response.json(renderOrder(order));
      const refunds = order.refund ? [renderRefund(order, order.refund)] : [];
      return listAnswer(refunds, refunds.length, 100);
    }
    if (route === "products") return listProducts(target.searchParams);
    if ((match = /^products\/(\d+)\/variations$/.exec(route))) {
      const product = DEMO_CATALOG.find((p) => p.id === Number(match![1]));
      if (!product) return wooError(404, "woocommerce_rest_product_invalid_id", "Invalid ID.");
      const rows = renderVariations(product);
      return listAnswer(rows, rows.length, 100);
    }
    if (route === "customers") return listCustomers(store, target.searchParams);
    return wooError(404, "rest_no_route", "No route was found matching the URL and request method.");
  };
}
