import type { PoolClient } from "pg";
import { inTransaction, utc } from "@/lib/db/pool";
import { keyedHash, seal } from "@/lib/crypto/secrets";
import type {
  CustomerFact,
  OrderBundle,
  ProductBundle,
  RefundFact,
  RefundLineItemFact,
} from "@/lib/connectors/contracts/store-facts";
import { markDirtyOrderDays } from "@/lib/metrics/rollups/refresh";
import { judgeOrders } from "@/lib/exceptions/detect";
import { mergeIngestedCustomers } from "@/lib/identity/customer-merges";

// Idempotent upserts of synced facts. Every statement is scoped by (workspace_id, connection_id)
// and keyed by the platform's ids, so re-running any sync or webhook never duplicates a row.

import type { SyncScope } from "@/lib/sync/scope";
import { EARLIEST_DAY, instantLimits, latestDay } from "@/lib/time/bounds";
import { INT4, INT8, fitsInt4, fitsInt8 } from "@/lib/db/column-ranges";
import { copyRows, isUniqueViolation } from "./copy-rows";
import { timestampText } from "./timestamp-text";
import { logger } from "@/lib/log";

const log = logger("ingest");

/**
 * `deferred`: the caller marks the dirty days and judges the exceptions of the whole connection
 * once, after its last write (lib/stores/deferred.ts), instead of each batch doing it for its rows.
 */
/** `runId`: the sync run (or import) writing, recorded on the merges its customers prove. */
export type IngestOptions = { deferred?: boolean; runId?: string | null };

/** Runs inside the caller's transaction when given one (so a cursor can commit with the data). */
function withClient<T>(client: PoolClient | undefined, work: (c: PoolClient) => Promise<T>): Promise<T> {
  return client ? work(client) : inTransaction(work);
}

type Column = { name: string; type: string };

/**
 * INSERT … SELECT FROM json_to_recordset(…) ON CONFLICT: one round trip and one parameter for a
 * whole batch. A single JSON document is far cheaper to serialise and parse than one array
 * literal per column.
 */
async function upsertRows(
  client: PoolClient,
  table: string,
  scope: SyncScope,
  columns: Column[],
  rows: unknown[][],
  options: { update: string[]; newerOnly?: string; returning?: string; keepWhenNull?: string[] },
): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const names = columns.map((c) => c.name);
  const records = rows.map((row) => Object.fromEntries(names.map((name, i) => [name, row[i]])));
  // A column some copies of a row leave out (null) keeps what a fuller copy stored.
  const value = (c: string) => (options.keepWhenNull?.includes(c) ? `COALESCE(EXCLUDED.${c}, ${table}.${c})` : `EXCLUDED.${c}`);
  const set = options.update.map((c) => `${c} = ${value(c)}`).join(", ");
  // A late, older copy of a row (a slow webhook after a newer sync) must not win.
  const where = options.newerOnly ? ` WHERE ${table}.${options.newerOnly} <= EXCLUDED.${options.newerOnly}` : "";
  const sql =
    `INSERT INTO ${table} (workspace_id, connection_id, ${names.join(", ")}) ` +
    `SELECT $1, $2, ${names.map((n) => `r.${n}`).join(", ")} FROM json_to_recordset($3::json) AS r(${columns.map((c) => `${c.name} ${c.type}`).join(", ")}) ` +
    `ON CONFLICT (workspace_id, connection_id, external_id) DO ${set ? `UPDATE SET ${set}${where}` : "NOTHING"}` +
    (options.returning ? ` RETURNING ${options.returning}` : "");
  const result = await client.query(sql, [scope.workspaceId, scope.connectionId, JSON.stringify(records)]);
  return options.returning ? result.rows : [];
}

const ORDER_COLUMNS: Column[] = [
  { name: "external_id", type: "bigint" },
  { name: "name", type: "text" },
  { name: "created_at", type: "timestamp(3)" },
  { name: "processed_at", type: "timestamp(3)" },
  { name: "updated_at", type: "timestamp(3)" },
  { name: "cancelled_at", type: "timestamp(3)" },
  { name: "test", type: "boolean" },
  { name: "counts_as_sale", type: "boolean" },
  { name: "currency", type: "char(3)" },
  { name: "presentment_currency", type: "char(3)" },
  { name: "subtotal", type: "numeric" },
  { name: "total_discounts", type: "numeric" },
  { name: "total_shipping", type: "numeric" },
  { name: "total_tax", type: "numeric" },
  { name: "total_price", type: "numeric" },
  { name: "current_total_price", type: "numeric" },
  { name: "presentment_total_price", type: "numeric" },
  { name: "financial_status", type: "text" },
  { name: "fulfillment_status", type: "text" },
  { name: "customer_id", type: "bigint" },
  { name: "landing_site", type: "text" },
  { name: "referring_site", type: "text" },
  { name: "utm_source", type: "text" },
  { name: "utm_medium", type: "text" },
  { name: "utm_campaign", type: "text" },
  { name: "source_name", type: "text" },
  { name: "discount_codes", type: "text[]" },
  { name: "country_code", type: "char(2)" },
  { name: "risk_level", type: "text" },
  { name: "taxes_included", type: "boolean" },
  { name: "region_code", type: "text" },
];

const LINE_ITEM_COLUMNS: Column[] = [
  { name: "external_id", type: "bigint" },
  { name: "order_id", type: "bigint" },
  { name: "product_id", type: "bigint" },
  { name: "variant_id", type: "bigint" },
  { name: "sku", type: "text" },
  { name: "title", type: "text" },
  { name: "variant_title", type: "text" },
  { name: "vendor", type: "text" },
  { name: "quantity", type: "integer" },
  { name: "unit_price", type: "numeric" },
  { name: "total_discount", type: "numeric" },
  { name: "unit_cost", type: "numeric" },
];

const REFUND_COLUMNS: Column[] = [
  { name: "external_id", type: "bigint" },
  { name: "order_id", type: "bigint" },
  { name: "created_at", type: "timestamp(3)" },
  { name: "processed_at", type: "timestamp(3)" },
  { name: "total_refunded", type: "numeric" },
  { name: "shipping_refunded", type: "numeric" },
  { name: "currency", type: "char(3)" },
];

const REFUND_LINE_COLUMNS: Column[] = [
  { name: "external_id", type: "bigint" },
  { name: "refund_id", type: "bigint" },
  { name: "order_id", type: "bigint" },
  { name: "line_item_id", type: "bigint" },
  { name: "quantity", type: "integer" },
  { name: "subtotal", type: "numeric" },
  { name: "total_tax", type: "numeric" },
  { name: "restock_type", type: "text" },
];

const id = (value: bigint | null) => (value === null ? null : value.toString());
const names = (columns: Column[]) => columns.map((c) => c.name).filter((n) => n !== "external_id");

function orderRow(o: OrderBundle["order"]): unknown[] {
  return [
    id(o.externalId), o.name, timestampText(o.createdAt), timestampText(o.processedAt), timestampText(o.updatedAt), timestampText(o.cancelledAt), o.test, o.countsAsSale ?? true,
    o.currency, o.presentmentCurrency, o.subtotal, o.totalDiscounts, o.totalShipping, o.totalTax, o.totalPrice,
    o.currentTotalPrice, o.presentmentTotalPrice, o.financialStatus, o.fulfillmentStatus, id(o.customerId),
    o.landingSite, o.referringSite, o.utmSource, o.utmMedium, o.utmCampaign, o.sourceName, o.discountCodes, o.countryCode,
    o.riskLevel, o.taxesIncluded, o.regionCode,
  ];
}

function refundRows(refunds: RefundFact[], lines: RefundLineItemFact[]) {
  return {
    refunds: refunds.map((r) => [id(r.externalId), id(r.orderId), timestampText(r.createdAt), timestampText(r.processedAt), r.totalRefunded, r.shippingRefunded, r.currency]),
    refundLines: lines.map((l) => [id(l.externalId), id(l.refundId), id(l.orderId), id(l.lineItemId), l.quantity, l.subtotal, l.totalTax, l.restockType]),
  };
}

async function deleteChildren(client: PoolClient, scope: SyncScope, orderIds: string[]) {
  if (orderIds.length === 0) return;
  for (const table of ["order_line_items", "refund_line_items", "refunds"]) {
    await client.query(`DELETE FROM ${table} WHERE workspace_id = $1 AND connection_id = $2 AND order_id = ANY($3::bigint[])`, [
      scope.workspaceId,
      scope.connectionId,
      orderIds,
    ]);
  }
}

/**
 * Keeps the records Postgres can store. A store can send an order dated 0001-01-01 (stored, its
 * day would break every later rollup refresh of the workspace) or a quantity or id past its
 * column's range (the statement would fail, and with it the whole slice on every retry): such a
 * record is left out and logged, and the rest of the batch goes on.
 */
function storable<T>(scope: SyncScope, items: T[], check: (item: T, limits: Limits) => string | null, describe: (item: T) => string): T[] {
  // Worked out once a batch: a backfill checks millions of timestamps.
  const now = new Date();
  const limits = { now, ...instantLimits(now) };
  const problems = items.map((item) => check(item, limits));
  const kept = items.filter((_, i) => problems[i] === null);
  if (kept.length < items.length) {
    const skipped = items.flatMap((item, i) => (problems[i] === null ? [] : [`${describe(item)} (${problems[i]})`]));
    log.warn("records left out", { workspaceId: scope.workspaceId, connectionId: scope.connectionId, count: skipped.length, first: skipped.slice(0, 5) });
  }
  return kept;
}

type Limits = { now: Date; fromMs: number; toMs: number };

/** Why a record cannot be stored as it is, or null: a date out of bounds, or a number past its column. */
function unstorable(limits: Limits, values: { instants?: (Date | null)[]; int4?: number[]; int8?: (bigint | null)[] }): string | null {
  const inBounds = (at: Date | null) => {
    if (at === null) return true;
    const ms = at.getTime();
    return ms >= limits.fromMs && ms <= limits.toMs;
  };
  if (!(values.instants ?? []).every(inBounds)) return `dated outside ${EARLIEST_DAY} to ${latestDay(limits.now)}`;
  const count = values.int4?.find((n) => !fitsInt4(n));
  if (count !== undefined) return `the number ${count} is outside ${INT4.min} to ${INT4.max}`;
  const id = values.int8?.find((n) => n !== null && !fitsInt8(n));
  if (id !== undefined) return `the id ${id} is larger than ${INT8.max}`;
  return null;
}

/** orderProblem's checks without building arrays: a backfill runs them on every order. */
function orderProblem(b: OrderBundle, limits: Limits): string | null {
  const o = b.order;
  const instants = [o.createdAt, o.processedAt, o.updatedAt, o.cancelledAt];
  let fits = fitsInt8(o.externalId) && (o.customerId === null || fitsInt8(o.customerId));
  for (const l of b.lineItems) {
    fits &&= fitsInt4(l.quantity) && fitsInt8(l.externalId) && (l.productId === null || fitsInt8(l.productId)) && (l.variantId === null || fitsInt8(l.variantId));
  }
  for (const r of b.refunds) fits &&= fitsInt8(r.externalId);
  for (const l of b.refundLineItems) fits &&= fitsInt4(l.quantity) && fitsInt8(l.externalId) && fitsInt8(l.lineItemId);
  if (fits) return unstorable(limits, { instants });
  // Out of range somewhere: name it, through the general check.
  return unstorable(limits, {
    instants,
    int4: [...b.lineItems.map((l) => l.quantity), ...b.refundLineItems.map((l) => l.quantity)],
    int8: [
      o.externalId, o.customerId,
      ...b.lineItems.flatMap((l) => [l.externalId, l.productId, l.variantId]),
      ...b.refunds.map((r) => r.externalId),
      ...b.refundLineItems.flatMap((l) => [l.externalId, l.lineItemId]),
    ],
  });
}

const refundProblem = (i: { refund: RefundFact; refundLineItems: RefundLineItemFact[] }, limits: Limits) =>
  unstorable(limits, {
    instants: [i.refund.createdAt, i.refund.processedAt],
    int4: i.refundLineItems.map((l) => l.quantity),
    int8: [i.refund.externalId, i.refund.orderId, ...i.refundLineItems.flatMap((l) => [l.externalId, l.lineItemId])],
  });

/** The child rows of orders, in their tables' column order. */
function childRows(bundles: OrderBundle[]) {
  const lines = bundles.flatMap((b) =>
    b.lineItems.map((l) => [
      id(l.externalId), id(l.orderId), id(l.productId), id(l.variantId), l.sku, l.title, l.variantTitle, l.vendor,
      l.quantity, l.unitPrice, l.totalDiscount, l.unitCost,
    ]),
  );
  return { lines, ...refundRows(bundles.flatMap((b) => b.refunds), bundles.flatMap((b) => b.refundLineItems)) };
}

/** Below this many new orders a batch is upserted as it comes: COPY's set-up costs more than it saves. */
const COPY_MIN_ORDERS = 50;
const columnNames = (columns: Column[]) => columns.map((c) => c.name);

/**
 * Writes the orders the scope has never stored (with their children) by COPY, the fast path that
 * makes a backfill cost little more than COPY itself. Returns those written; none when another
 * writer stored one of them meanwhile (the savepoint undoes the COPY, and the upsert takes them).
 */
async function copyNewOrders(c: PoolClient, scope: SyncScope, bundles: OrderBundle[]): Promise<OrderBundle[]> {
  if (bundles.length < COPY_MIN_ORDERS) return [];
  const stored = await c.query<{ external_id: string }>(
    "SELECT external_id FROM orders WHERE workspace_id = $1 AND connection_id = $2 AND external_id = ANY($3::bigint[])",
    [scope.workspaceId, scope.connectionId, bundles.map((b) => b.order.externalId.toString())],
  );
  const storedIds = new Set(stored.rows.map((r) => String(r.external_id)));
  const fresh = bundles.filter((b) => !storedIds.has(b.order.externalId.toString()));
  if (fresh.length < COPY_MIN_ORDERS) return [];
  await c.query("SAVEPOINT copy_new_orders");
  try {
    const children = childRows(fresh);
    await copyRows(c, "orders", scope, columnNames(ORDER_COLUMNS), fresh.map((b) => orderRow(b.order)));
    await copyRows(c, "order_line_items", scope, columnNames(LINE_ITEM_COLUMNS), children.lines);
    await copyRows(c, "refunds", scope, columnNames(REFUND_COLUMNS), children.refunds);
    await copyRows(c, "refund_line_items", scope, columnNames(REFUND_LINE_COLUMNS), children.refundLines);
    await c.query("RELEASE SAVEPOINT copy_new_orders");
    return fresh;
  } catch (error) {
    await c.query("ROLLBACK TO SAVEPOINT copy_new_orders");
    if (isUniqueViolation(error)) return [];
    throw error;
  }
}

/**
 * Upserts orders with their line items and refunds. An order's children are replaced as a
 * whole (order edits remove lines), and only when the incoming order is at least as new as
 * the stored one.
 */
export async function upsertOrderBundles(scope: SyncScope, received: OrderBundle[], client?: PoolClient, options: IngestOptions = {}): Promise<{ rows: number }> {
  const bundles = storable(scope, received, orderProblem, (b) => `order ${b.order.externalId}`);
  if (bundles.length === 0) return { rows: 0 };
  const work = async (c: PoolClient) => {
    // Later duplicates in one batch win, as a replay of the same order would.
    const latest = new Map<string, OrderBundle>();
    for (const b of bundles) latest.set(b.order.externalId.toString(), b);
    const unique = [...latest.values()];
    const copied = await copyNewOrders(c, scope, unique);
    const copiedIds = new Set(copied.map((b) => b.order.externalId.toString()));
    const rest = unique.filter((b) => !copiedIds.has(b.order.externalId.toString()));
    const applied = await upsertRows(c, "orders", scope, ORDER_COLUMNS, rest.map((b) => orderRow(b.order)), {
      // synced_at is not inserted, so EXCLUDED carries its default: now().
      update: [...names(ORDER_COLUMNS), "synced_at"],
      newerOnly: "updated_at",
      // Order webhooks carry no risk assessment.
      keepWhenNull: ["risk_level"],
      // xmax = 0 marks a row this statement inserted rather than updated.
      returning: "external_id, (xmax = 0) AS inserted",
    });
    const appliedSet = new Set(applied.map((r) => String(r.external_id)));
    const kept = rest.filter((b) => appliedSet.has(b.order.externalId.toString()));
    // New orders have no children yet; only updated ones need their old children cleared.
    await deleteChildren(c, scope, applied.filter((r) => !r.inserted).map((r) => String(r.external_id)));
    const children = childRows(kept);
    await upsertRows(c, "order_line_items", scope, LINE_ITEM_COLUMNS, children.lines, { update: names(LINE_ITEM_COLUMNS) });
    await upsertRows(c, "refunds", scope, REFUND_COLUMNS, children.refunds, { update: names(REFUND_COLUMNS) });
    await upsertRows(c, "refund_line_items", scope, REFUND_LINE_COLUMNS, children.refundLines, { update: names(REFUND_LINE_COLUMNS) });
    const written = [...copied, ...kept];
    if (!options.deferred) {
      // The days come from the orders in hand (as stored now), not from reading them back.
      const orderInstants = written.map((b) => timestampText(b.order.processedAt ?? b.order.createdAt)!);
      await markDirtyOrderDays(c, scope, [], [...orderInstants, ...refundInstants(written.flatMap((b) => b.refunds))]);
      await judgeOrders(c, scope, written.map((b) => b.order.externalId.toString()));
    }
    const copiedChildren = copied.reduce((n, b) => n + b.lineItems.length + b.refunds.length + b.refundLineItems.length, 0);
    return { rows: written.length + copiedChildren + children.lines.length + children.refunds.length + children.refundLines.length };
  };
  return withClient(client, work);
}

/**
 * Orders the store deleted for good: kept as synced, but never counted again (as a test order
 * never is), and their days and their refunds' days recomputed.
 */
export async function retireOrders(scope: SyncScope, orderIds: bigint[]): Promise<{ rows: number }> {
  if (orderIds.length === 0) return { rows: 0 };
  const ids = orderIds.map(String);
  return inTransaction(async (c) => {
    const { rows: refunds } = await c.query<{ at: string }>(
      `SELECT to_char(COALESCE(processed_at, created_at), 'YYYY-MM-DD"T"HH24:MI:SS.MS') AS at FROM refunds
       WHERE workspace_id = $1 AND connection_id = $2 AND order_id = ANY($3::bigint[])`,
      [scope.workspaceId, scope.connectionId, ids],
    );
    await markDirtyOrderDays(c, scope, ids, refunds.map((r) => r.at));
    const { rowCount } = await c.query(
      `UPDATE orders SET test = true, financial_status = 'deleted', synced_at = now()
       WHERE workspace_id = $1 AND connection_id = $2 AND external_id = ANY($3::bigint[]) AND NOT test`,
      [scope.workspaceId, scope.connectionId, ids],
    );
    return { rows: rowCount ?? 0 };
  });
}

/** The instants whose local days a refund's returns land on (transaction basis). */
const refundInstants = (refunds: RefundFact[]) => refunds.map((r) => timestampText(r.processedAt ?? r.createdAt)!);

/** Refunds arriving on their own (refunds/create webhooks). */
export async function upsertRefunds(
  scope: SyncScope,
  received: { refund: RefundFact; refundLineItems: RefundLineItemFact[] }[],
  client?: PoolClient,
): Promise<{ rows: number }> {
  const items = storable(scope, received, refundProblem, (i) => `refund ${i.refund.externalId}`);
  if (items.length === 0) return { rows: 0 };
  return withClient(client, async (c) => {
    const { refunds, refundLines } = refundRows(items.map((i) => i.refund), items.flatMap((i) => i.refundLineItems));
    await upsertRows(c, "refunds", scope, REFUND_COLUMNS, refunds, { update: names(REFUND_COLUMNS) });
    await upsertRows(c, "refund_line_items", scope, REFUND_LINE_COLUMNS, refundLines, { update: names(REFUND_LINE_COLUMNS) });
    // The order's own day too: under the order-date basis its returns land there.
    await markDirtyOrderDays(c, scope, items.map((i) => i.refund.orderId.toString()), refundInstants(items.map((i) => i.refund)));
    // A refund can make its order one refunded in full within 24 hours.
    await judgeOrders(c, scope, [...new Set(items.map((i) => i.refund.orderId.toString()))]);
    return { rows: refunds.length + refundLines.length };
  });
}

const CUSTOMER_COLUMNS: Column[] = [
  { name: "external_id", type: "bigint" },
  { name: "email_encrypted", type: "text" },
  { name: "email_hash", type: "text" },
  { name: "first_order_at", type: "timestamp(3)" },
  { name: "orders_count", type: "integer" },
  { name: "tags", type: "text" },
  { name: "created_at", type: "timestamp(3)" },
  { name: "updated_at", type: "timestamp(3)" },
  { name: "phone_encrypted", type: "text" },
  { name: "phone_hash", type: "text" },
];

/** Emails (and phones) are stored sealed with a keyed hash beside them; a redacted customer stays redacted. */
export async function upsertCustomers(scope: SyncScope, received: CustomerFact[], client?: PoolClient, options: IngestOptions = {}): Promise<{ rows: number }> {
  const customers = storable(scope, received, (cu, limits) => unstorable(limits, { int4: [cu.ordersCount], int8: [cu.externalId] }), (cu) => `customer ${cu.externalId}`);
  if (customers.length === 0) return { rows: 0 };
  return withClient(client, async (c) => {
    const rows = customers.map((cu) => [
      id(cu.externalId),
      cu.email ? seal(cu.email) : null,
      cu.email ? keyedHash(cu.email) : null,
      utc(cu.firstOrderAt),
      cu.ordersCount,
      // unnest cannot take a 2-D array of ragged tag lists; tags travel as JSON text.
      JSON.stringify(cu.tags),
      utc(cu.createdAt),
      utc(cu.updatedAt),
      cu.phone ? seal(cu.phone) : null,
      cu.phone ? keyedHash(cu.phone) : null,
    ]);
    const arrays = CUSTOMER_COLUMNS.map((_, i) => rows.map((r) => r[i]));
    // A new email (or tags) can make a store id part of another person, or change a cohort
    // segment: mark a day of one of its orders, and the customers refresh takes the whole person.
    // Deferred, every day of the connection's orders is marked at the end.
    if (!options.deferred) await c.query(
      `INSERT INTO rollup_dirty_days (workspace_id, family, day)
       SELECT DISTINCT $1, 'sales', ((o.at AT TIME ZONE 'UTC') AT TIME ZONE w.time_zone)::date
       FROM unnest($3::bigint[], $4::text[], $5::text[]) AS u(e, eh, t)
       JOIN workspaces w ON w.id = $1
       LEFT JOIN customers x ON x.workspace_id = $1 AND x.connection_id = $2 AND x.external_id = u.e
       CROSS JOIN LATERAL (
         SELECT COALESCE(h.processed_at, h.created_at) AS at FROM orders h
         WHERE h.workspace_id = $1 AND h.connection_id = $2 AND h.customer_id = u.e LIMIT 1
       ) o
       WHERE x.redacted_at IS NULL
         AND (x.external_id IS NULL OR x.email_hash IS DISTINCT FROM u.eh OR x.tags IS DISTINCT FROM ARRAY(SELECT jsonb_array_elements_text(u.t::jsonb)))
       ON CONFLICT (workspace_id, family, day) DO UPDATE SET marked_at = now()`,
      [scope.workspaceId, scope.connectionId, arrays[0], arrays[2], arrays[5]],
    );
    await c.query(
      `INSERT INTO customers (workspace_id, connection_id, external_id, email_encrypted, email_hash, first_order_at, orders_count, tags, created_at, updated_at,
                              phone_encrypted, phone_hash)
       SELECT $1, $2, e, CASE WHEN r IS NULL THEN em END, CASE WHEN r IS NULL THEN eh END, f, n, ARRAY(SELECT jsonb_array_elements_text(t::jsonb)), ca, ua,
              CASE WHEN r IS NULL THEN pe END, CASE WHEN r IS NULL THEN ph END
       FROM unnest($3::bigint[], $4::text[], $5::text[], $6::timestamp(3)[], $7::integer[], $8::text[], $9::timestamp(3)[], $10::timestamp(3)[], $11::text[], $12::text[])
         AS u(e, em, eh, f, n, t, ca, ua, pe, ph)
       LEFT JOIN LATERAL (SELECT redacted_at AS r FROM customers x WHERE x.workspace_id = $1 AND x.connection_id = $2 AND x.external_id = u.e) red ON true
       ON CONFLICT (workspace_id, connection_id, external_id) DO UPDATE SET
         email_encrypted = CASE WHEN customers.redacted_at IS NULL THEN EXCLUDED.email_encrypted END,
         email_hash = CASE WHEN customers.redacted_at IS NULL THEN EXCLUDED.email_hash END,
         phone_encrypted = CASE WHEN customers.redacted_at IS NULL THEN EXCLUDED.phone_encrypted END,
         phone_hash = CASE WHEN customers.redacted_at IS NULL THEN EXCLUDED.phone_hash END,
         first_order_at = EXCLUDED.first_order_at, orders_count = EXCLUDED.orders_count,
         tags = CASE WHEN customers.redacted_at IS NULL THEN EXCLUDED.tags ELSE '{}' END,
         created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at
       WHERE customers.updated_at <= EXCLUDED.updated_at`,
      [scope.workspaceId, scope.connectionId, ...arrays],
    );
    // One customer across sources: those sharing a phone with these become one person.
    await mergeIngestedCustomers(c, scope, customers.map((cu) => cu.externalId.toString()), options.runId ?? null);
    return { rows: rows.length };
  });
}

/** Products with their variants; variants missing from a newer copy of the product are removed. */
export async function upsertProductBundles(scope: SyncScope, received: ProductBundle[], client?: PoolClient): Promise<{ rows: number }> {
  const bundles = storable(
    scope, received,
    (b, limits) => unstorable(limits, { int8: [b.product.externalId, ...b.variants.flatMap((v) => [v.externalId, v.inventoryItemId])] }),
    (b) => `product ${b.product.externalId}`,
  );
  if (bundles.length === 0) return { rows: 0 };
  return withClient(client, async (c) => {
    const products = bundles.map(({ product: p }) => [
      id(p.externalId), p.title, p.vendor, p.productType, p.status, JSON.stringify(p.tags), utc(p.createdAt), utc(p.updatedAt),
    ]);
    const arrays = products[0]!.map((_, i) => products.map((r) => r[i]));
    const applied = await c.query(
      `INSERT INTO products (workspace_id, connection_id, external_id, title, vendor, product_type, status, tags, created_at, updated_at)
       SELECT $1, $2, e, ti, v, pt, s, ARRAY(SELECT jsonb_array_elements_text(t::jsonb)), ca, ua
       FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::timestamp(3)[], $10::timestamp(3)[])
         AS u(e, ti, v, pt, s, t, ca, ua)
       ON CONFLICT (workspace_id, connection_id, external_id) DO UPDATE SET
         title = EXCLUDED.title, vendor = EXCLUDED.vendor, product_type = EXCLUDED.product_type, status = EXCLUDED.status,
         tags = EXCLUDED.tags, created_at = EXCLUDED.created_at, updated_at = EXCLUDED.updated_at
       WHERE products.updated_at <= EXCLUDED.updated_at
       RETURNING external_id`,
      [scope.workspaceId, scope.connectionId, ...arrays],
    );
    const appliedIds = new Set(applied.rows.map((r) => String(r.external_id)));
    const kept = bundles.filter((b) => appliedIds.has(b.product.externalId.toString()));
    const variants = kept.flatMap((b) =>
      b.variants.map((v) => [id(v.externalId), id(v.productId), v.title, v.sku, v.price, v.unitCost, id(v.inventoryItemId), utc(v.updatedAt)]),
    );
    // Variants gone from a newer copy of their product are removed; the rest are upserted.
    await c.query(
      `DELETE FROM product_variants WHERE workspace_id = $1 AND connection_id = $2 AND product_id = ANY($3::bigint[])
         AND NOT (external_id = ANY($4::bigint[]))`,
      [scope.workspaceId, scope.connectionId, [...appliedIds], variants.map((v) => v[0])],
    );
    if (variants.length) {
      const arrays = variants[0]!.map((_, i) => variants.map((r) => r[i]));
      await c.query(
        `INSERT INTO product_variants (workspace_id, connection_id, external_id, product_id, title, sku, price, unit_cost, inventory_item_id, updated_at)
         SELECT $1, $2, * FROM unnest($3::bigint[], $4::bigint[], $5::text[], $6::text[], $7::numeric[], $8::numeric[], $9::bigint[], $10::timestamp(3)[])
         ON CONFLICT (workspace_id, connection_id, external_id) DO UPDATE SET
           product_id = EXCLUDED.product_id, title = EXCLUDED.title, sku = EXCLUDED.sku, price = EXCLUDED.price,
           -- Product webhooks carry no cost; keep the one the last full sync read.
           unit_cost = COALESCE(EXCLUDED.unit_cost, product_variants.unit_cost),
           inventory_item_id = COALESCE(EXCLUDED.inventory_item_id, product_variants.inventory_item_id), updated_at = EXCLUDED.updated_at`,
        [scope.workspaceId, scope.connectionId, ...arrays],
      );
    }
    return { rows: kept.length + variants.length };
  });
}
