// A fetch-compatible fake of Shopify's Admin GraphQL API over the generated demo store. It answers
// exactly the documents of queries.ts (dispatching on the operation name) with Shopify-shaped JSON,
// including extensions.cost, so the demo goes through the same client, source and engine as a
// real shop. Stateless across instances: cursors are keysets and a bulk operation's id encodes its
// range and snapshot time, so a new instance (a new sync slice, a restart) continues any of them.
//
// The store's clock (`now`, real time by default) decides what exists: orders created up to now,
// with the refunds and fulfilments that have happened by then. History ends at `endDate`; after it
// orders keep arriving at the same rhythm, so a demo synced every 10 minutes sees new ones.

import { SHOPIFY_API_VERSION } from "../api-version";
import type { FetchLike } from "../client";
import { operationName } from "../queries";
import type { BulkOperationNode, BulkOperationStatus, CostExtension, GraphQLErrorEntry } from "../shapes";
import { CATALOG } from "./catalog";
import { createDemoStore, IDS, MAX_EVENT_DELAY_MS, STORE_TIME_ZONE, type DemoStore } from "./generator";
import { gid, renderCustomer, renderLineItems, renderOrder, renderProduct, renderRefundDetails, SHOP_CURRENCY, visibleRefunds } from "./render";
import { decodeCursor, decodeOffset, encodeCursor, encodeOffset, parseTimeRange, type TimeRange } from "./search";

export type DemoShopifyOptions = {
  seed: number;
  /** Orders in the two years before endDate (default 50,000). */
  orders?: number;
  /** End of the generated history (default DEFAULT_DEMO_END_DATE); pass the connection's creation time. */
  endDate?: Date | string;
  historyDays?: number;
  shop?: string;
  /** The store's clock (default: real time, so new orders trickle in). */
  now?: () => Date;
  /** When set, any other X-Shopify-Access-Token gets HTTP 401. */
  accessToken?: string;
  /** A bulk operation completes at this many status polls in one instance, or after bulkDurationMs. */
  bulkPollsToComplete?: number;
  bulkDurationMs?: number;
};

export const DEFAULT_DEMO_END_DATE = "2026-11-01T05:00:00Z";
export const DEFAULT_DEMO_SHOP = "signalboard-demo.myshopify.com";
export const DEMO_BULK_HOST = "demo-bulk.signalboard.invalid";

const MAX_QUERY_COST = 1_000;
const BUCKET = { maximumAvailable: 2_000, restoreRate: 100 };
const ORDER_COST = 22;
const LINE_ITEM_COST = 11;

type Vars = Record<string, unknown>;
type Answer = { data?: unknown; errors?: GraphQLErrorEntry[]; requested: number; actual: number };
type Sorted = { horizon: number; keys: number[]; index: number[] };
type BulkOp = { range: TimeRange; horizon: number; first: number; end: number };

export function createDemoShopifyFetch(options: DemoShopifyOptions): FetchLike {
  const shop = options.shop ?? DEFAULT_DEMO_SHOP;
  const store = createDemoStore({
    seed: options.seed,
    orders: options.orders,
    historyDays: options.historyDays,
    endDate: new Date(options.endDate ?? DEFAULT_DEMO_END_DATE),
  });
  const now = options.now ?? (() => new Date());
  const pollsToComplete = options.bulkPollsToComplete ?? 2;
  const bulkDurationMs = options.bulkDurationMs ?? 3_000;
  const horizon = () => Math.floor(now().getTime() / 1000) * 1000;
  const visibleCount = (h: number) => store.countBefore(h + 1);

  const customers = customerIndex(store);
  const polls = new Map<string, number>();
  const objectCounts = new Map<string, number>();
  let ordersCache: { range: TimeRange; sorted: Sorted } | null = null;
  let customersCache: { range: TimeRange; sorted: Sorted } | null = null;

  /** Reuse a sorted listing while it is still a valid snapshot for this range. */
  function cached(
    cache: { range: TimeRange; sorted: Sorted } | null,
    range: TimeRange,
    h: number,
    build: (range: TimeRange, h: number) => Sorted,
  ): { range: TimeRange; sorted: Sorted } {
    if (cache && cache.range.from === range.from && cache.range.to === range.to && (range.to <= cache.sorted.horizon || cache.sorted.horizon === h)) return cache;
    return { range, sorted: build(range, h) };
  }

  function ordersSorted(range: TimeRange, h: number): Sorted {
    const lo = Number.isFinite(range.from) ? store.countBefore(range.from - MAX_EVENT_DELAY_MS) : 0;
    const hi = store.countBefore(Math.min(range.to, h + 1));
    const rows: [number, number][] = [];
    for (let i = lo; i < hi; i++) {
      const updated = store.updatedAt(i, h);
      if (updated >= range.from && updated < range.to) rows.push([updated, i]);
    }
    return sortRows(rows, h);
  }

  function customersSorted(range: TimeRange, h: number): Sorted {
    const stats = customers.at(visibleCount(h));
    const rows: [number, number][] = [];
    for (const root of stats.roots) {
      const updated = store.createdAt(stats.last(root)) + 1_000;
      if (updated >= range.from && updated < range.to) rows.push([updated, root]);
    }
    return sortRows(rows, h);
  }

  function ordersPage(vars: Vars): Answer {
    const first = int(vars.first, "first");
    const lineItemsFirst = int(vars.lineItemsFirst, "lineItemsFirst");
    const requested = 2 + first * (ORDER_COST + 2 + lineItemsFirst * LINE_ITEM_COST);
    if (requested > MAX_QUERY_COST) return maxCostExceeded(requested);
    const range = parseTimeRange(str(vars.query), "updated_at");
    ordersCache = cached(ordersCache, range, horizon(), ordersSorted);
    const { sorted } = ordersCache;
    const { rows, hasNextPage } = pageOf(sorted, str(vars.after), first);
    let actual = 2;
    const nodes = rows.map(([, i]) => {
      const order = store.order(i);
      const lines = renderLineItems(order);
      actual += ORDER_COST + 2 + Math.min(lines.length, lineItemsFirst) * LINE_ITEM_COST;
      return { ...renderOrder(order, sorted.horizon), lineItems: slice(lines, lineItemsFirst, null) };
    });
    return { data: { orders: { nodes, pageInfo: pageInfo(rows, hasNextPage) } }, requested, actual };
  }

  function orderNode(id: unknown, h: number) {
    const n = gidNumber(id, "Order");
    if (n === null) return null;
    const i = n - IDS.order;
    return i >= 0 && i < visibleCount(h) ? store.order(i) : null;
  }

  function refundOf(id: unknown, h: number) {
    const n = gidNumber(id, "Refund");
    if (n === null || n < IDS.refund) return null;
    const i = Math.floor((n - IDS.refund) / 2);
    const order = i < visibleCount(h) ? store.order(i) : null;
    const refund = order ? visibleRefunds(order, h).find((r) => r.id === n) : undefined;
    return order && refund ? renderRefundDetails(order, refund) : null;
  }

  function customersPage(vars: Vars): Answer {
    const first = int(vars.first, "first");
    const requested = 2 + first * 6;
    if (requested > MAX_QUERY_COST) return maxCostExceeded(requested);
    const range = parseTimeRange(str(vars.query), "updated_at");
    customersCache = cached(customersCache, range, horizon(), customersSorted);
    const { sorted } = customersCache;
    const stats = customers.at(visibleCount(sorted.horizon));
    const { rows, hasNextPage } = pageOf(sorted, str(vars.after), first);
    const nodes = rows.map(([, root]) => renderCustomer(store, root, { count: stats.count(root), lastOrder: stats.last(root) }));
    return { data: { customers: { nodes, pageInfo: pageInfo(rows, hasNextPage) } }, requested, actual: 2 + nodes.length * 6 };
  }

  function productsPage(vars: Vars): Answer {
    const first = int(vars.first, "first");
    const variantsFirst = int(vars.variantsFirst, "variantsFirst");
    const requested = 2 + first * (3 + variantsFirst * 3);
    if (requested > MAX_QUERY_COST) return maxCostExceeded(requested);
    const range = parseTimeRange(str(vars.query), "updated_at");
    const h = horizon();
    const rows: [number, number][] = [];
    CATALOG.forEach((_, p) => {
      const product = renderProduct(store, p, h);
      const updated = Date.parse(product.updatedAt);
      if (Date.parse(product.createdAt) <= h && updated >= range.from && updated < range.to) rows.push([updated, p]);
    });
    const page = pageOf(sortRows(rows, h), str(vars.after), first);
    const nodes = page.rows.map(([, p]) => {
      const product = renderProduct(store, p, h);
      return { ...product, variants: slice(product.variants.nodes, variantsFirst, null) };
    });
    return { data: { products: { nodes, pageInfo: pageInfo(page.rows, page.hasNextPage) } }, requested, actual: 2 + nodes.length * 10 };
  }

  // --- Bulk operations -----------------------------------------------------------------------

  function bulkRun(vars: Vars): Answer {
    const inner = str(vars.query) ?? "";
    const match = /\borders\s*(?:\(\s*query:\s*("(?:[^"\\]|\\.)*")\s*\))?\s*\{/.exec(inner);
    if (!match) {
      return {
        data: { bulkOperationRunQuery: { bulkOperation: null, userErrors: [{ field: ["query"], message: "Invalid bulk query: the demo store only exports orders", code: "INVALID" }] } },
        requested: 10,
        actual: 10,
      };
    }
    const search = match[1] ? (JSON.parse(match[1]) as string) : "";
    const range = parseTimeRange(search, "created_at");
    const id = bulkId(range, horizon());
    return { data: { bulkOperationRunQuery: { bulkOperation: { id, status: "CREATED" }, userErrors: [] } }, requested: 10, actual: 10 };
  }

  function bulkOp(id: unknown): BulkOp | null {
    const match = typeof id === "string" ? /^gid:\/\/shopify\/BulkOperation\/(\d+)(\d{11})(\d{11})$/.exec(id) : null;
    if (!match) return null;
    const h = Number(match[1]) * 1000;
    const from = Number(match[2]);
    const to = Number(match[3]);
    const range = { from: from === 0 ? Number.NEGATIVE_INFINITY : (from - 1) * 1000, to: to === 0 ? Number.POSITIVE_INFINITY : (to - 1) * 1000 };
    const first = Number.isFinite(range.from) ? store.countBefore(range.from) : 0;
    const end = Math.max(first, store.countBefore(Math.min(range.to, h + 1)));
    return { range, horizon: h, first, end };
  }

  function bulkStatus(vars: Vars): Answer {
    const id = str(vars.id);
    const op = bulkOp(id);
    if (!op || !id) return { data: { node: null }, requested: 1, actual: 1 };
    const count = (polls.get(id) ?? 0) + 1;
    polls.set(id, count);
    const done = count >= pollsToComplete || now().getTime() - op.horizon >= bulkDurationMs;
    const status: BulkOperationStatus = done ? "COMPLETED" : "RUNNING";
    let objects = objectCounts.get(id);
    if (objects === undefined) {
      objects = 0;
      for (let i = op.first; i < op.end; i++) objects += 1 + store.lineCount(i);
      objectCounts.set(id, objects);
    }
    const node: BulkOperationNode = {
      id,
      status,
      errorCode: null,
      objectCount: String(done ? objects : Math.floor(objects / 2)),
      rootObjectCount: String(done ? op.end - op.first : Math.floor((op.end - op.first) / 2)),
      url: done ? `https://${DEMO_BULK_HOST}/${shop}/${id.slice(id.lastIndexOf("/") + 1)}.jsonl` : null,
      partialDataUrl: null,
    };
    return { data: { node }, requested: 1, actual: 1 };
  }

  function bulkFile(path: string): Response {
    const match = /^\/([^/]+)\/(\d+)\.jsonl$/.exec(path);
    const op = match && match[1] === shop ? bulkOp(`gid://shopify/BulkOperation/${match[2]}`) : null;
    if (!op) return new Response("NoSuchKey", { status: 404 });
    const encoder = new TextEncoder();
    let i = op.first;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i >= op.end) {
          controller.close();
          return;
        }
        const parts: string[] = [];
        for (const stop = Math.min(op.end, i + 200); i < stop; i++) {
          const order = store.order(i);
          const root = renderOrder(order, op.horizon);
          parts.push(JSON.stringify(root));
          for (const line of renderLineItems(order)) parts.push(JSON.stringify({ ...line, __parentId: root.id }));
        }
        controller.enqueue(encoder.encode(parts.join("\n") + "\n"));
      },
    });
    return new Response(body, { status: 200, headers: { "Content-Type": "application/jsonl" } });
  }

  // --- Dispatch ------------------------------------------------------------------------------

  function answer(name: string | undefined, vars: Vars): Answer {
    const h = horizon();
    switch (name) {
      case "Shop":
        return { data: { shop: { name: "Alpha Hearing (demo)", myshopifyDomain: shop, ianaTimezone: STORE_TIME_ZONE, currencyCode: SHOP_CURRENCY } }, requested: 1, actual: 1 };
      case "OrdersUpdatedSince":
        return ordersPage(vars);
      case "OrderLineItemsPage": {
        const order = orderNode(vars.id, h);
        const lines = order ? slice(renderLineItems(order), int(vars.first, "first"), str(vars.after)) : null;
        return { data: { node: order && lines ? { id: gid("Order", order.id), lineItems: lines } : null }, requested: 2 + int(vars.first, "first") * LINE_ITEM_COST, actual: 2 + (lines?.nodes.length ?? 0) * LINE_ITEM_COST };
      }
      case "RefundDetails": {
        const ids = Array.isArray(vars.ids) ? vars.ids : [];
        const first = int(vars.lineItemsFirst, "lineItemsFirst");
        const nodes = ids.map((id) => {
          const refund = refundOf(id, h);
          return refund ? { ...refund.node, refundLineItems: slice(refund.lineItems, first, null) } : null;
        });
        return { data: { nodes }, requested: 1 + ids.length * (1 + 2 + first * 6 + 17), actual: 1 + nodes.length * 12 };
      }
      case "RefundLineItemsPage": {
        const refund = refundOf(vars.id, h);
        const first = int(vars.first, "first");
        return {
          data: { node: refund ? { id: refund.node.id, refundLineItems: slice(refund.lineItems, first, str(vars.after)) } : null },
          requested: 2 + first * 6,
          actual: 2 + (refund?.lineItems.length ?? 0) * 6,
        };
      }
      case "CustomersUpdatedSince":
        return customersPage(vars);
      case "ProductsUpdatedSince":
        return productsPage(vars);
      case "ProductVariantsPage": {
        const n = gidNumber(vars.id, "Product");
        const p = n === null ? -1 : n - IDS.product;
        const product = p >= 0 && p < CATALOG.length ? renderProduct(store, p, h) : null;
        const first = int(vars.first, "first");
        return { data: { node: product ? { id: product.id, variants: slice(product.variants.nodes, first, str(vars.after)) } : null }, requested: 2 + first * 3, actual: 5 };
      }
      case "BulkOrders":
        return bulkRun(vars);
      case "BulkOperationStatus":
        return bulkStatus(vars);
      default:
        return { errors: [{ message: `The demo store does not answer the operation ${name ?? "(unnamed)"}.`, extensions: { code: "BAD_REQUEST" } }], requested: 0, actual: 0 };
    }
  }

  return async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    if (url.hostname === DEMO_BULK_HOST && request.method === "GET") return bulkFile(url.pathname);
    if (url.hostname !== shop) return new Response("Not Found", { status: 404 });
    if (url.pathname !== `/admin/api/${SHOPIFY_API_VERSION}/graphql.json` || request.method !== "POST") {
      return json({ errors: "Not Found" }, 404);
    }
    const token = request.headers.get("X-Shopify-Access-Token");
    if (!token || (options.accessToken !== undefined && token !== options.accessToken)) {
      return json({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" }, 401);
    }
    let body: { query?: unknown; variables?: unknown; operationName?: unknown };
    try {
      body = (await request.json()) as typeof body;
    } catch {
      return json({ errors: [{ message: "Invalid JSON in request body", extensions: { code: "BAD_REQUEST" } }] }, 400);
    }
    const document = typeof body.query === "string" ? body.query : "";
    const name = typeof body.operationName === "string" ? body.operationName : operationName(document);
    const vars = (body.variables && typeof body.variables === "object" ? body.variables : {}) as Vars;
    let result: Answer;
    try {
      result = answer(name, vars);
    } catch (error) {
      result = { errors: [{ message: error instanceof Error ? error.message : String(error), extensions: { code: "BAD_REQUEST" } }], requested: 0, actual: 0 };
    }
    const cost: CostExtension = {
      requestedQueryCost: result.requested,
      actualQueryCost: result.errors ? null : result.actual,
      throttleStatus: { ...BUCKET, currentlyAvailable: BUCKET.maximumAvailable - result.actual },
    };
    return json(result.errors ? { errors: result.errors, extensions: { cost } } : { data: result.data, extensions: { cost } }, 200);
  };
}

/** The operation id carries the snapshot time and the created_at range (whole seconds). */
function bulkId(range: TimeRange, horizon: number): string {
  const code = (ms: number) => (Number.isFinite(ms) ? Math.ceil(ms / 1000) + 1 : 0).toString().padStart(11, "0");
  return `gid://shopify/BulkOperation/${Math.floor(horizon / 1000)}${code(range.from)}${code(range.to)}`;
}

/** Customers are the first orders of their buyers; counts and last orders grow with the visible orders. */
function customerIndex(store: DemoStore) {
  let built = 0;
  let roots: number[] = [];
  let count = new Int32Array(1024);
  let last = new Int32Array(1024);
  return {
    at(visible: number) {
      if (visible < built) {
        built = 0;
        roots = [];
        count = new Int32Array(1024);
        last = new Int32Array(1024);
      }
      if (visible > count.length) {
        const size = Math.max(visible, count.length * 2);
        const nextCount = new Int32Array(size);
        nextCount.set(count);
        const nextLast = new Int32Array(size);
        nextLast.set(last);
        count = nextCount;
        last = nextLast;
      }
      for (let i = built; i < visible; i++) {
        const root = store.customerRoot(i);
        if (root === null) continue;
        if (root === i) roots.push(i);
        count[root]! += 1;
        last[root] = i;
      }
      built = Math.max(built, visible);
      const counts = count;
      const lasts = last;
      return { roots, count: (root: number) => counts[root]!, last: (root: number) => lasts[root]! };
    },
  };
}

function sortRows(rows: [number, number][], horizon: number): Sorted {
  rows.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { horizon, keys: rows.map((r) => r[0]), index: rows.map((r) => r[1]) };
}

function pageOf(sorted: Sorted, after: string | null, first: number): { rows: [number, number][]; hasNextPage: boolean } {
  const cursor = decodeCursor(after);
  let start = 0;
  if (cursor) {
    // First row strictly after the cursor's (key, index).
    let lo = 0;
    let hi = sorted.keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const key = sorted.keys[mid]!;
      if (key < cursor[0] || (key === cursor[0] && sorted.index[mid]! <= cursor[1])) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const end = Math.min(sorted.keys.length, start + first);
  const rows: [number, number][] = [];
  for (let k = start; k < end; k++) rows.push([sorted.keys[k]!, sorted.index[k]!]);
  return { rows, hasNextPage: end < sorted.keys.length };
}

function pageInfo(rows: [number, number][], hasNextPage: boolean) {
  const lastRow = rows[rows.length - 1];
  return { hasNextPage, endCursor: lastRow ? encodeCursor(lastRow[0], lastRow[1]) : null };
}

function slice<T>(items: T[], first: number, after: string | null) {
  const start = decodeOffset(after);
  const nodes = items.slice(start, start + first);
  const end = start + nodes.length;
  return { nodes, pageInfo: { hasNextPage: end < items.length, endCursor: nodes.length > 0 ? encodeOffset(end) : null } };
}

function maxCostExceeded(cost: number): Answer {
  return {
    errors: [
      {
        message: `Query cost is ${cost}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`,
        extensions: { code: "MAX_COST_EXCEEDED", cost, maxCost: MAX_QUERY_COST },
      },
    ],
    requested: cost,
    actual: 0,
  };
}

function gidNumber(id: unknown, type: string): number | null {
  if (typeof id !== "string") return null;
  const match = new RegExp(`^gid://shopify/${type}/(\\d+)$`).exec(id);
  return match ? Number(match[1]) : null;
}

function int(value: unknown, name: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 250) throw new Error(`Variable $${name} must be an integer from 1 to 250.`);
  return value;
}

function str(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function json(body: unknown, status: number): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
}
