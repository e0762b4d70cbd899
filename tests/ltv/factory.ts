import type { OrderBundle } from "@/lib/connectors/contracts/store-facts";
import { sequence } from "@/lib/connectors/shopify/demo/random";
import { connectDemoStore } from "@/lib/connections/service";
import { rebuildRollups } from "@/lib/metrics/rollups/rollup";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { upsertOrderBundles } from "@/lib/stores/ingest";
import type { Purchase } from "@/lib/ltv/model";

// A store of real orders for the LTV fit: customers who buy at their own rate and drop out after
// a purchase with some chance (the story BG/NBD tells), loaded through the store ingest and the
// rollup rebuild, so customer_events are what the product builds. Amounts are whole cents.

export type GenOrder = { id: bigint; customer: number; at: number; cents: number; test: boolean };

const DAY_MS = 86_400_000;
const cents = (n: number) => `${Math.trunc(n / 100)}.${String(n % 100).padStart(2, "0")}`;
export const isoDay = (at: number) => new Date(at).toISOString().slice(0, 10);

/** Customers arriving between `from` and `to` (UTC days), each buying every `meanGapDays` on average while active. */
export function generateOrders(input: { seed: number; customers: number; from: string; to: string; meanGapDays?: number }): GenOrder[] {
  const random = sequence(input.seed);
  const start = Date.parse(`${input.from}T00:00:00Z`);
  const end = Date.parse(`${input.to}T23:00:00Z`);
  const orders: GenOrder[] = [];
  let id = 900_000n;
  for (let customer = 1; customer <= input.customers; customer++) {
    let at = start + Math.floor(random() * (end - start));
    // Orders per day while active, and the chance of leaving after each order, differ per customer.
    const rate = -Math.log(1 - random()) / (input.meanGapDays ?? 60);
    const dropout = random() * random();
    const basket = 2_000 + Math.floor(random() * 8_000);
    for (;;) {
      orders.push({ id: id++, customer, at, cents: basket + Math.floor(random() * 2_000), test: false });
      // Now and then a second order the same day: one transaction to the model.
      if (random() < 0.05) orders.push({ id: id++, customer, at: at + 60_000, cents: 1_500, test: false });
      if (random() < dropout) break;
      at += Math.ceil((-Math.log(1 - random()) / rate) * DAY_MS);
      if (at > end) break;
    }
  }
  return orders;
}

function toBundle(o: GenOrder): OrderBundle {
  const at = new Date(o.at);
  return {
    order: {
      externalId: o.id, name: `#${o.id}`, createdAt: at, processedAt: at, updatedAt: at, cancelledAt: null, test: o.test,
      currency: "USD", presentmentCurrency: "USD", subtotal: "0.00", totalDiscounts: "0.00", totalShipping: "0.00", totalTax: "0.00",
      totalPrice: "0.00", currentTotalPrice: "0.00", presentmentTotalPrice: "0.00", financialStatus: "PAID", fulfillmentStatus: null,
      customerId: BigInt(o.customer), discountCodes: [], countryCode: null, regionCode: null, riskLevel: null, taxesIncluded: null, landingSite: null, referringSite: null, utmSource: null, utmMedium: null,
      utmCampaign: null, sourceName: "web",
    },
    lineItems: [{
      externalId: o.id * 10n, orderId: o.id, productId: null, variantId: null, sku: null, title: "Alpha Pro", variantTitle: null, vendor: null,
      quantity: 1, unitPrice: cents(o.cents), totalDiscount: "0.00", unitCost: null,
    }],
    refunds: [],
    refundLineItems: [],
  };
}

/** A UTC workspace with a store holding these orders, its customers built by the rollup rebuild. */
export async function storeWithOrders(orders: GenOrder[], range: { from: string; to: string }) {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone: "UTC", currency: "USD" });
  const connection = await connectDemoStore(workspace.id, { orders: 100 });
  const scope = { workspaceId: workspace.id, connectionId: connection.id };
  for (let b = 0; b < orders.length; b += 500) await upsertOrderBundles(scope, orders.slice(b, b + 500).map(toBundle));
  await rebuildRollups(workspace.id, { fromDay: range.from, toDay: range.to });
  return { owner, workspace, connectionId: connection.id };
}

/** Each customer's purchases as the model module's own summariser takes them. */
export function purchasesByCustomer(orders: GenOrder[], connectionId: string): Map<string, Purchase[]> {
  const byKey = new Map<string, Purchase[]>();
  for (const o of orders) {
    const key = `c:${connectionId}:${o.customer}`;
    const list = byKey.get(key) ?? [];
    list.push({ day: isoDay(o.at), amount: cents(o.cents) });
    byKey.set(key, list);
  }
  return byKey;
}
