// The engine-facing facade over one WooCommerce store (real or demo): pages of facts by modified
// window. WooCommerce has no bulk export, so the engine backfills it page by page through these.

import type { CustomerFact, ProductBundle, ShopInfo } from "../contracts/store-facts";
import type { OrdersPage, Page, StoreSource, Window } from "../contracts/store-source";
import { ConnectorError } from "../common/errors";
import { PROVIDER, type WooClient } from "./client";
import type { WooCurrency, WooCustomer, WooOrder, WooProduct, WooRefund, WooVariation, WpIndex } from "./shapes";
import { customerToFact, gmtInstant, gmtText, orderToBundle, productToBundle, shopInfo } from "./transform";

/** WooCommerce's largest page. */
export const PER_PAGE = 100;
/**
 * Pages read (and committed by the engine) together: fewer round trips waited on, and fewer, larger
 * commits (a backfill's writes cost less per order in big batches).
 */
export const PAGES_PER_READ = 10;
/** Requests in flight at once: a read's pages, orders' refunds, products' variations. */
const CONCURRENCY = 8;
/** Windows starting this early are "all of history" (the engine's epoch, less its overlap). */
const HISTORY_START = Date.parse("2000-01-02T00:00:00Z");

/**
 * Where a walk through a modified-ordered list stands: the `modified_after` it asks with and the
 * page under it. Paging by number alone would skip a row whenever an earlier one is modified
 * mid-walk (everything after it shifts back a page), so after each page the walk re-anchors just
 * before the newest row it has read and starts again at page 1; rows already read may come again
 * (every write is idempotent), none is skipped.
 */
type WalkCursor = { after: string; page: number };

function parseCursor(text: string | null): WalkCursor | null {
  if (!text) return null;
  const parsed = JSON.parse(text) as Partial<WalkCursor>;
  if (typeof parsed.after !== "string" || typeof parsed.page !== "number") throw new Error(`Not a WooCommerce page cursor: ${text}`);
  return { after: parsed.after, page: parsed.page };
}

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** An order's refunds in full; none asked for when the order lists none. */
export async function refundsOf(client: WooClient, order: WooOrder): Promise<WooRefund[]> {
  if (!order.refunds?.length) return [];
  return (await client.get<WooRefund[]>(`orders/${order.id}/refunds`, { per_page: PER_PAGE, dates_are_gmt: true })).body;
}

/** A variable product's variations, every page of them. */
export async function variationsOf(client: WooClient, product: WooProduct): Promise<WooVariation[]> {
  if (product.type !== "variable") return [];
  const all: WooVariation[] = [];
  for (let page = 1; ; page++) {
    const { body, totalPages } = await client.get<WooVariation[]>(`products/${product.id}/variations`, { per_page: PER_PAGE, page });
    all.push(...body);
    if (body.length < PER_PAGE || (totalPages !== null && page >= totalPages)) return all;
  }
}

/** The registered customers these orders name, as the store has them now (guests have no record). */
export async function customersNamed(client: WooClient, orders: readonly WooOrder[]): Promise<CustomerFact[]> {
  const ids = [...new Set(orders.map((order) => order.customer_id).filter((id) => Number.isSafeInteger(id) && id > 0))];
  const chunks = Array.from({ length: Math.ceil(ids.length / PER_PAGE) }, (_, n) => ids.slice(n * PER_PAGE, (n + 1) * PER_PAGE));
  const answers = await mapLimited(chunks, CONCURRENCY, (chunk) => client.get<WooCustomer[]>("customers", { include: chunk.join(","), per_page: PER_PAGE, role: "all" }));
  return answers.flatMap((answer) => answer.body.map(customerToFact));
}

export function createWooSource(client: WooClient): StoreSource {
  /**
   * A few pages of a list ordered by modified time (one request, then the rest of the read at
   * once, since the first answer says how many pages there are), and where the walk goes next.
   */
  async function walk<T extends { date_modified_gmt: string }>(path: string, window: Window): Promise<{ rows: T[]; next: string | null; maxUpdatedAt: Date | null; remaining: number | null }> {
    const cursor = parseCursor(window.after) ?? { after: gmtText(window.updatedFrom), page: 1 };
    const fetchPage = async (page: number) => {
      const answer = await client.get<T[]>(path, {
        modified_after: cursor.after,
        modified_before: gmtText(window.updatedTo),
        dates_are_gmt: true,
        orderby: "modified",
        order: "asc",
        per_page: PER_PAGE,
        page,
      });
      if (!Array.isArray(answer.body)) throw new ConnectorError("bad_response", PROVIDER, `WooCommerce answered ${path} with something other than a list.`);
      return answer;
    };
    const first = await fetchPage(cursor.page);
    if (first.body.length === 0) return { rows: [], next: null, maxUpdatedAt: null, remaining: 0 };
    // Past the last page WooCommerce answers an error, so only pages it said exist are asked for.
    const lastPage = first.body.length < PER_PAGE ? cursor.page : (first.totalPages ?? cursor.page);
    const more = Array.from({ length: Math.max(0, Math.min(PAGES_PER_READ - 1, lastPage - cursor.page)) }, (_, n) => cursor.page + 1 + n);
    const rest = await mapLimited(more, CONCURRENCY, fetchPage);
    const rows = [first, ...rest].flatMap((answer) => answer.body);
    const readThrough = cursor.page + more.length;
    const newest = rows.reduce((max, row) => Math.max(max, gmtInstant(row.date_modified_gmt, "date_modified_gmt").getTime()), 0);
    // Everything modified before the newest row's second is in these pages or earlier ones.
    const safe = new Date(newest - 1_000);
    const last = [first, ...rest].some((answer) => answer.body.length < PER_PAGE) || (first.totalPages !== null && readThrough >= first.totalPages);
    let next: WalkCursor | null = null;
    if (!last) {
      const anchor = gmtText(safe);
      // Pages whose rows all share one second cannot move the anchor: turn the page instead.
      next = anchor > cursor.after ? { after: anchor, page: 1 } : { after: cursor.after, page: readThrough + 1 };
    }
    // X-WP-Total counts the whole list under this modified_after, pages before this one included.
    const remaining = first.total === null ? null : Math.max(rows.length, first.total - (cursor.page - 1) * PER_PAGE);
    return { rows, next: next && JSON.stringify(next), maxUpdatedAt: safe, remaining };
  }

  return {
    async shop(): Promise<ShopInfo> {
      const index = await client.index<WpIndex>();
      if (!Array.isArray(index?.namespaces) || !index.namespaces.includes("wc/v3")) {
        throw new ConnectorError("not_found", PROVIDER, `${new URL(client.storeUrl).host} is a WordPress site without WooCommerce's REST API v3: is WooCommerce installed and active?`, { providerCode: "no_wc_v3" });
      }
      const { body: currency } = await client.get<WooCurrency>("data/currencies/current");
      return shopInfo(index, currency, client.storeUrl);
    },

    async ordersPage(window): Promise<OrdersPage> {
      const { rows, next, maxUpdatedAt, remaining } = await walk<WooOrder>("orders", window);
      const refunds = await mapLimited(rows, CONCURRENCY, (order) => refundsOf(client, order));
      // A later window's customers list holds only new registrations (the API cannot filter
      // customers by modified time): the customers its changed orders name are read again.
      const customers = window.updatedFrom.getTime() <= HISTORY_START ? [] : await customersNamed(client, rows);
      return { items: rows.map((order, n) => orderToBundle(order, refunds[n]!)), nextCursor: next, maxUpdatedAt, remaining, customers };
    },

    async productsPage(window): Promise<Page<ProductBundle>> {
      const { rows, next, maxUpdatedAt, remaining } = await walk<WooProduct>("products", window);
      const variations = await mapLimited(rows, CONCURRENCY, (product) => variationsOf(client, product));
      return { items: rows.map((product, n) => productToBundle(product, variations[n]!)), nextCursor: next, maxUpdatedAt, remaining };
    },

    /**
     * Customers cannot be filtered by modified time: all of history reads every customer by id;
     * a later window reads the newest registrations until it passes the window's start, and the
     * customers named by the window's changed orders are read again with them (ordersPage).
     */
    async customersPage(window): Promise<Page<CustomerFact>> {
      const page = window.after ? Number(window.after) : 1;
      const full = window.updatedFrom.getTime() <= HISTORY_START;
      const fetchPage = (n: number) =>
        client.get<WooCustomer[]>("customers", { orderby: full ? "id" : "registered_date", order: full ? "asc" : "desc", per_page: PER_PAGE, page: n, role: "all" });
      const first = await fetchPage(page);
      // All of history reads on by id, a read's worth of pages at once; a later window stops at
      // its start, so it goes a page at a time.
      const lastPage = first.body.length < PER_PAGE ? page : (first.totalPages ?? page);
      const more = full ? Array.from({ length: Math.max(0, Math.min(PAGES_PER_READ - 1, lastPage - page)) }, (_, n) => page + 1 + n) : [];
      const answers = [first, ...(await mapLimited(more, CONCURRENCY, fetchPage))];
      const items = answers.flatMap((answer) => answer.body.map(customerToFact));
      const readThrough = page + more.length;
      const passedStart = !full && items.some((c) => c.createdAt < window.updatedFrom);
      const last = answers.some((answer) => answer.body.length < PER_PAGE) || (first.totalPages !== null && readThrough >= first.totalPages) || passedStart;
      // Newest first, a later window stops early: the list's total says nothing of how far it goes.
      const remaining = full && first.total !== null ? Math.max(items.length, first.total - (page - 1) * PER_PAGE) : null;
      return { items, nextCursor: last ? null : String(readThrough + 1), maxUpdatedAt: null, remaining };
    },
  };
}
