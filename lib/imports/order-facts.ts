import type { CustomerFact, LineItemFact, OrderBundle } from "@/lib/connectors/contracts/store-facts";
import { keyedHash } from "@/lib/crypto/secrets";
import { add, formatDecimal, parseDecimal, type Dec } from "@/lib/metrics/definitions/decimal";
import { parseOffsetDateTime } from "./fields";
import { stableId } from "./ids";
import { lineKey } from "./order-rows";
import type { TOrderImportRow } from "./schema";

// A validated imported order as the facts the sync engine stores. Ids are derived from the
// order's own ids (lib/imports/ids.ts), so the same order always lands on the same rows.

const money = (value: Dec) => formatDecimal(value, 2);
const dec = (text: string | undefined) => parseDecimal(text ?? "0");

function instant(text: string): Date {
  const at = parseOffsetDateTime(text);
  if (!at) throw new Error(`Unvalidated date and time reached the order builder: ${text}`);
  return at;
}

export function customerIdOf(order: Pick<TOrderImportRow, "customer_id" | "customer_email">): bigint | null {
  if (order.customer_id) return stableId("customer", order.customer_id);
  // Without an id, one email is one customer; the hash keeps the address out of the key.
  if (order.customer_email) return stableId("customer-email", keyedHash(order.customer_email));
  return null;
}

/**
 * Splits `total` over `weights` in proportion, exactly: each share is rounded down to the
 * 4-place unit and the last weighted line takes what rounding left over.
 */
export function spread(total: Dec, weights: Dec[]): Dec[] {
  const sum = add(...weights);
  if (sum === 0n) return weights.map(() => 0n);
  const shares = weights.map((w) => (total * w) / sum);
  const last = weights.findLastIndex((w) => w > 0n);
  shares[last] = shares[last]! + (total - add(...shares));
  return shares;
}

export function orderBundleOf(order: TOrderImportRow, importedAt: Date): OrderBundle {
  const orderId = stableId("order", order.order_id);
  const createdAt = instant(order.created_at);
  const lineItems: LineItemFact[] = order.line_items.map((line) => ({
    externalId: stableId("line", order.order_id, lineKey(line).key),
    orderId,
    productId: null,
    variantId: null,
    sku: line.sku ?? null,
    title: line.title,
    variantTitle: null,
    vendor: null,
    quantity: line.quantity,
    unitPrice: line.unit_price,
    totalDiscount: money(dec(line.discount)),
    unitCost: null,
  }));
  const values = order.line_items.map((line) => dec(line.unit_price) * BigInt(line.quantity) - dec(line.discount));
  const discounts = add(...order.line_items.map((line) => dec(line.discount)));
  const subtotal = add(...values);
  const shipping = dec(order.shipping);
  const taxes = dec(order.taxes);
  const total = subtotal + shipping + taxes;
  const refunded = dec(order.refunded_amount);

  const bundle: OrderBundle = {
    order: {
      externalId: orderId,
      name: order.order_id,
      createdAt,
      processedAt: createdAt,
      // The upload time, so a re-import always wins over the copy stored before it.
      updatedAt: importedAt,
      cancelledAt: null,
      test: false,
      currency: order.currency,
      presentmentCurrency: order.currency,
      subtotal: money(subtotal),
      totalDiscounts: money(discounts),
      totalShipping: money(shipping),
      totalTax: money(taxes),
      totalPrice: money(total),
      currentTotalPrice: money(total - refunded),
      presentmentTotalPrice: money(total),
      financialStatus: refunded === 0n ? "paid" : refunded === subtotal ? "refunded" : "partially_refunded",
      fulfillmentStatus: null,
      customerId: customerIdOf(order),
      landingSite: null,
      referringSite: null,
      utmSource: order.utm_source ?? null,
      utmMedium: order.utm_medium ?? null,
      utmCampaign: order.utm_campaign ?? null,
      sourceName: "import",
      discountCodes: order.discount_codes,
      countryCode: order.country ?? null,
      riskLevel: null,
      taxesIncluded: null,
      regionCode: null,
    },
    lineItems,
    refunds: [],
    refundLineItems: [],
  };
  if (refunded > 0n && order.refunded_at) {
    const refundId = stableId("refund", order.order_id);
    const refundedAt = instant(order.refunded_at);
    bundle.refunds.push({
      externalId: refundId, orderId, createdAt: refundedAt, processedAt: refundedAt,
      totalRefunded: money(refunded), shippingRefunded: "0.00", currency: order.currency,
    });
    spread(refunded, values).forEach((share, i) => {
      if (share === 0n) return;
      bundle.refundLineItems.push({
        externalId: stableId("refund-line", order.order_id, lineKey(order.line_items[i]!).key),
        refundId,
        orderId,
        lineItemId: lineItems[i]!.externalId,
        // An amount says nothing about how many units came back.
        quantity: 0,
        subtotal: money(share),
        totalTax: "0.00",
        restockType: null,
      });
    });
  }
  return bundle;
}

/** The customers of a batch of orders, each once, with the email of their latest order. */
export function customersOf(orders: TOrderImportRow[], importedAt: Date): CustomerFact[] {
  const customers = new Map<bigint, { fact: CustomerFact; latest: Date }>();
  for (const order of orders) {
    const id = customerIdOf(order);
    if (id === null) continue;
    const placed = instant(order.created_at);
    const email = order.customer_email ?? null;
    const known = customers.get(id);
    if (!known) {
      const fact = { externalId: id, email, firstOrderAt: null, ordersCount: 0, tags: [], createdAt: placed, updatedAt: importedAt };
      customers.set(id, { fact, latest: placed });
      continue;
    }
    if (placed < known.fact.createdAt) known.fact.createdAt = placed;
    if (placed >= known.latest) {
      known.latest = placed;
      known.fact.email = email ?? known.fact.email;
    }
  }
  return [...customers.values()].map((c) => c.fact);
}
