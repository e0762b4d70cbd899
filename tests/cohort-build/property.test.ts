import { describe, expect, it } from "vitest";
import type { OrderBundle } from "@/lib/connectors/contracts/store-facts";
import { sequence } from "@/lib/connectors/shopify/demo/random";
import { getPool } from "@/lib/db/pool";
import { db } from "@/lib/db/client";
import { refreshDirtyRollups } from "@/lib/metrics/rollups/refresh";
import { rebuildRollups } from "@/lib/metrics/rollups/rollup";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { connectDemoStore } from "@/lib/connections/service";
import { upsertCustomers, upsertOrderBundles } from "@/lib/stores/ingest";
import { addDays, localDate } from "@/lib/time/zone";

// Property: on random stores, cohort cells kept up to date batch by batch (as a sync would, with
// orders arriving out of order, refunds and store ids that share an email) equal a fresh rebuild,
// and both equal a plain computation from the generated orders. Whole cents keep it exact.

const ZONES = ["America/New_York", "Asia/Tokyo", "Pacific/Auckland"];
const TITLES = ["Alpha Pro", "Alpha", "Ear Domes", "Shipping Fee"];
const SOURCES = [null, "google", "facebook"];
const START = Date.parse("2025-11-20T00:00:00Z");
const SPAN_MS = 150 * 86_400_000;
// Store ids 1..12; ids 1 and 7, and 2 and 8, share an email (one person each).
const EMAIL_OF: Record<number, string> = { 1: "a@example.com", 7: "A@example.com", 2: "b@example.com", 8: "b@example.com", 3: "c@example.com" };

const cents = (n: number) => `${n < 0 ? "-" : ""}${Math.trunc(Math.abs(n) / 100)}.${String(Math.abs(n) % 100).padStart(2, "0")}`;

type GenLine = { id: bigint; title: string; qty: number; price: number; discount: number };
type GenRefund = { id: bigint; at: number; lines: { line: GenLine; qty: number; subtotal: number }[] };
type GenOrder = { id: bigint; at: number; test: boolean; customer: number; source: string | null; lines: GenLine[]; refunds: GenRefund[] };

function generate(random: () => number, count: number): GenOrder[] {
  const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: count }, (_, i) => {
    const id = BigInt(50_000 + i);
    const lines = Array.from({ length: 1 + Math.floor(random() * 2) }, (_, j) => {
      const qty = 1 + Math.floor(random() * 2);
      const price = 100 + Math.floor(random() * 9_000);
      return { id: id * 10n + BigInt(j), title: pick(TITLES), qty, price, discount: Math.floor(random() * price * qty * 0.2) };
    });
    const at = START + Math.floor(random() * SPAN_MS);
    const refunds: GenRefund[] = [];
    if (random() < 0.3) {
      refunds.push({
        id: id * 10n + 9n,
        at: at + Math.floor(random() * 40 * 86_400_000),
        lines: lines.filter(() => random() < 0.7).map((line) => ({ line, qty: 1, subtotal: Math.floor((line.price * line.qty - line.discount) / line.qty) })),
      });
    }
    return { id, at, lines, refunds, test: random() < 0.05, customer: 1 + Math.floor(random() * 12), source: pick(SOURCES) };
  });
}

function toBundle(o: GenOrder): OrderBundle {
  const at = new Date(o.at);
  return {
    order: {
      externalId: o.id, name: `#${o.id}`, createdAt: at, processedAt: at, updatedAt: at, cancelledAt: null, test: o.test,
      currency: "USD", presentmentCurrency: "USD", subtotal: "0.00", totalDiscounts: "0.00", totalShipping: "0.00", totalTax: "0.00",
      totalPrice: "0.00", currentTotalPrice: "0.00", presentmentTotalPrice: "0.00", financialStatus: "PAID", fulfillmentStatus: null,
      customerId: BigInt(o.customer), discountCodes: [], countryCode: null, regionCode: null, riskLevel: null, taxesIncluded: null, landingSite: null, referringSite: null, utmSource: o.source, utmMedium: null, utmCampaign: null, sourceName: "web",
    },
    lineItems: o.lines.map((l) => ({
      externalId: l.id, orderId: o.id, productId: null, variantId: null, sku: null, title: l.title, variantTitle: null, vendor: null,
      quantity: l.qty, unitPrice: cents(l.price), totalDiscount: cents(l.discount), unitCost: null,
    })),
    refunds: o.refunds.map((r) => ({ externalId: r.id, orderId: o.id, createdAt: new Date(r.at), processedAt: new Date(r.at), totalRefunded: "0.00", shippingRefunded: "0.00", currency: "USD" })),
    refundLineItems: o.refunds.flatMap((r) =>
      r.lines.map((rl, i) => ({ externalId: r.id * 100n + BigInt(i), refundId: r.id, orderId: o.id, lineItemId: rl.line.id, quantity: rl.qty, subtotal: cents(rl.subtotal), totalTax: "0.00", restockType: "return" })),
    ),
  };
}

type CellKey = string;
type Cell = { customers: number; active: number; orders: number; repeaters: number; net: number };

const periodIndex = (grain: "week" | "month", day: string) => {
  if (grain === "month") return Number(day.slice(0, 4)) * 12 + Number(day.slice(5, 7)) - 1;
  return Math.floor((Date.parse(`${day}T00:00:00Z`) - Date.parse("2000-01-03T00:00:00Z")) / (7 * 86_400_000));
};
const periodStart = (grain: "week" | "month", day: string) => {
  if (grain === "month") return `${day.slice(0, 7)}-01`;
  const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(day, -weekday);
};

/** The cohort cells of segment "all", computed straight from the generated orders. */
function reference(orders: GenOrder[], zone: string, basis: "transaction_date" | "order_date", grain: "week" | "month"): Record<CellKey, Cell> {
  const person = (id: number) => (EMAIL_OF[id] ? `e:${EMAIL_OF[id].toLowerCase()}` : `c:${id}`);
  const day = (at: number) => localDate(new Date(at), zone);
  const included = (l: GenLine) => l.title !== "Shipping Fee";
  type Event = { at: number; id: bigint; day: string; isOrder: boolean; net: number };
  const events = new Map<string, Event[]>();
  for (const o of orders) {
    const lines = o.lines.filter(included);
    if (o.test || lines.length === 0) continue;
    const list = events.get(person(o.customer)) ?? [];
    list.push({ at: o.at, id: o.id, day: day(o.at), isOrder: true, net: lines.reduce((s, l) => s + l.price * l.qty - l.discount, 0) });
    for (const r of o.refunds) {
      const refunded = r.lines.filter((rl) => included(rl.line));
      if (refunded.length === 0) continue;
      list.push({ at: r.at, id: r.id, day: basis === "order_date" ? day(o.at) : day(r.at), isOrder: false, net: -refunded.reduce((s, rl) => s + rl.subtotal, 0) });
    }
    events.set(person(o.customer), list);
  }
  const cells: Record<CellKey, Cell> = {};
  const cell = (cohort: string, offset: number) => (cells[`${cohort}+${offset}`] ??= { customers: 0, active: 0, orders: 0, repeaters: 0, net: 0 });
  for (const list of events.values()) {
    const ordersOnly = list.filter((e) => e.isOrder).sort((x, y) => x.at - y.at || Number(x.id - y.id));
    const firstDay = ordersOnly[0]!.day;
    const cohort = periodStart(grain, firstDay);
    cell(cohort, 0).customers += 1;
    const activeIn = new Set<number>();
    for (const e of list) {
      const offset = periodIndex(grain, e.day) - periodIndex(grain, firstDay);
      const c = cell(cohort, offset);
      c.net += e.net;
      if (e.isOrder) {
        c.orders += 1;
        if (!activeIn.has(offset)) c.active += 1;
        activeIn.add(offset);
        if (e === ordersOnly[1]) c.repeaters += 1;
      }
    }
  }
  return cells;
}

async function stored(workspaceId: string, grain: string): Promise<Record<CellKey, Cell>> {
  const { rows } = await getPool().query<{ cohort: string; period_offset: number; customers: number; active_customers: number; orders: number; new_repeaters: number; net_sales: string }>(
    `SELECT to_char(cohort, 'YYYY-MM-DD') AS cohort, period_offset, customers, active_customers, orders, new_repeaters, net_sales::text
     FROM cohort_cells WHERE workspace_id = $1 AND grain = $2 AND segment = 'all'`,
    [workspaceId, grain],
  );
  return Object.fromEntries(rows.map((r) => [
    `${r.cohort}+${r.period_offset}`,
    { customers: r.customers, active: r.active_customers, orders: r.orders, repeaters: r.new_repeaters, net: Math.round(Number(r.net_sales) * 100) },
  ]));
}

async function snapshot(workspaceId: string) {
  const { rows } = await getPool().query(
    `SELECT grain, segment, segment_value, to_char(cohort, 'YYYY-MM-DD') AS cohort, period_offset, customers, active_customers, orders, new_repeaters,
            net_sales::text, gross_profit::text FROM cohort_cells WHERE workspace_id = $1 ORDER BY 1, 2, 3, 4, 5`,
    [workspaceId],
  );
  const profiles = await getPool().query(
    `SELECT customer_key, store_ids, first_order_id, first_channel, orders, net_sales::text, net_sales_90::text, net_sales_365::text, tags
     FROM customer_profiles WHERE workspace_id = $1 ORDER BY customer_key`,
    [workspaceId],
  );
  return { cells: rows, profiles: profiles.rows.map((p) => ({ ...p, store_ids: [...p.store_ids].sort() })) };
}

describe("cohort cells (property)", () => {
  for (const [i, zone] of ZONES.entries()) {
    const basis = i % 2 === 0 ? "transaction_date" : "order_date";
    it(`refreshed batch by batch equal a fresh rebuild and the orders themselves (${zone}, ${basis})`, async () => {
      const random = sequence(7_000 + i);
      const orders = generate(random, 90);
      const owner = await seedUser();
      const workspace = await seedWorkspace(owner.id, { timeZone: zone });
      await db.metricSettings.upsert({ where: { workspaceId: workspace.id }, create: { workspaceId: workspace.id, revenueBasis: basis }, update: { revenueBasis: basis } });
      const connection = await connectDemoStore(workspace.id, { orders: 100 });
      const scope = { workspaceId: workspace.id, connectionId: connection.id };
      const now = new Date();
      await upsertCustomers(scope, Object.entries(EMAIL_OF).map(([id, email]) => ({
        externalId: BigInt(id), email, firstOrderAt: null, ordersCount: 0, tags: [`t${id}`], createdAt: now, updatedAt: now,
      })));
      // Batches in a shuffled order, so later orders often arrive before earlier ones.
      const shuffled = [...orders].sort(() => random() - 0.5);
      for (let b = 0; b < shuffled.length; b += 15) {
        await upsertOrderBundles(scope, shuffled.slice(b, b + 15).map(toBundle));
        await refreshDirtyRollups(workspace.id);
      }
      for (const grain of ["week", "month"] as const) {
        expect(await stored(workspace.id, grain)).toEqual(reference(orders, zone, basis, grain));
      }
      const incremental = await snapshot(workspace.id);
      for (const table of ["cohort_cells", "customer_profiles", "customer_events"]) {
        await getPool().query(`DELETE FROM ${table} WHERE workspace_id = $1`, [workspace.id]);
      }
      await rebuildRollups(workspace.id, { fromDay: "2025-11-01", toDay: "2026-06-30" });
      expect(await snapshot(workspace.id)).toEqual(incremental);
    });
  }
});
