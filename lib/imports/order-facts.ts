import type { CustomerFact, LineItemFact, OrderBundle } from "@/lib/connectors/contracts/store-facts";
import { keyedHash } from "@/lib/crypto/secrets";
import { add, formatDecimal, parseDecimal, type Dec } from "@/lib/metrics/definitions/decimal";
import { normalisePhone, phoneHash } from "@/lib/phone/normalise";
import { parseOffsetDateTime } from "./fields";
import { stableId } from "./ids";
import { lineKey, planOrder } from "./order-money";
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

/** The order's customer phone in E.164, read in the order's country, else the workspace's region. */
export function customerPhoneOf(order: Pick<TOrderImportRow, "customer_phone" | "country">, defaultRegion: string | null): string | null {
  if (!order.customer_phone) return null;
  const phone = normalisePhone(order.customer_phone, order.country ?? defaultRegion);
  if (!phone.ok) throw new Error("Unvalidated phone reached the order builder.");
  return phone.e164;
}

export function customerIdOf(order: Pick<TOrderImportRow, "customer_id" | "customer_email" | "customer_phone" | "country">, defaultRegion: string | null): bigint | null {
  if (order.customer_id) return stableId("customer", order.customer_id);
  // Without an id, one email (else one phone) is one customer; the hash keeps the address out of the key.
  if (order.customer_email) return stableId("customer-email", keyedHash(order.customer_email));
  const phone = customerPhoneOf(order, defaultRegion);
  if (phone) return stableId("customer-phone", phoneHash(phone));
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

export function orderBundleOf(order: TOrderImportRow, importedAt: Date, defaultRegion: string | null): OrderBundle {
  const orderId = stableId("order", order.order_id);
  const createdAt = instant(order.created_at);
  const plan = planOrder(order);
  const lineItems: LineItemFact[] = order.line_items.map((line, i) => ({
    externalId: stableId("line", order.order_id, plan.lines[i]!.key),
    orderId,
    productId: null,
    variantId: null,
    sku: line.sku ?? null,
    title: line.title,
    variantTitle: null,
    vendor: null,
    quantity: line.quantity,
    unitPrice: line.unit_price,
    totalDiscount: money(plan.lines[i]!.discount),
    unitCost: null,
  }));
  const values = plan.lines.map((line) => line.paid);
  const discounts = add(...plan.lines.map((line) => line.discount));
  const subtotal = add(...values);
  const shipping = dec(order.shipping);
  const taxes = dec(order.taxes);
  const total = subtotal + shipping + taxes;
  const legacyRefund = dec(order.refunded_amount);
  const refunded = legacyRefund + add(...plan.refunds.map((r) => r.total));

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
      financialStatus: refunded === 0n ? "paid" : refunded >= (order.refunds.length > 0 ? total : subtotal) ? "refunded" : "partially_refunded",
      fulfillmentStatus: null,
      customerId: customerIdOf(order, defaultRegion),
      landingSite: null,
      referringSite: null,
      // A sale made outside the store names its channel directly; reports read it where they read a UTM source.
      utmSource: order.channel ?? order.utm_source ?? null,
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
  if (legacyRefund > 0n && order.refunded_at) {
    const refundId = stableId("refund", order.order_id);
    const refundedAt = instant(order.refunded_at);
    bundle.refunds.push({
      externalId: refundId, orderId, createdAt: refundedAt, processedAt: refundedAt,
      totalRefunded: money(legacyRefund), shippingRefunded: "0.00", currency: order.currency,
    });
    spread(legacyRefund, values).forEach((share, i) => {
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
  for (const refund of plan.refunds) {
    const refundId = stableId("refund", order.order_id, refund.refundId);
    bundle.refunds.push({
      externalId: refundId, orderId, createdAt: refund.at, processedAt: refund.at,
      totalRefunded: money(refund.total), shippingRefunded: money(refund.shipping), currency: order.currency,
    });
    for (const line of refund.lines) {
      bundle.refundLineItems.push({
        externalId: stableId("refund-line", order.order_id, refund.refundId, plan.lines[line.line]!.key),
        refundId,
        orderId,
        lineItemId: lineItems[line.line]!.externalId,
        quantity: line.quantity,
        subtotal: money(line.amount),
        totalTax: money(line.tax),
        restockType: null,
      });
    }
    if (refund.tax > 0n) {
      // Tax refunded on no line (on shipping): a refund line of no order line, so it lowers taxes
      // and never counts as a return of goods.
      bundle.refundLineItems.push({
        externalId: stableId("refund-tax", order.order_id, refund.refundId),
        refundId,
        orderId,
        lineItemId: stableId("refund-tax-line", order.order_id, refund.refundId),
        quantity: 0,
        subtotal: "0.00",
        totalTax: money(refund.tax),
        restockType: null,
      });
    }
  }
  return bundle;
}

/** The customers of a batch of orders, each once, with the email of their latest order. */
export function customersOf(orders: TOrderImportRow[], importedAt: Date, defaultRegion: string | null): CustomerFact[] {
  const customers = new Map<bigint, { fact: CustomerFact; latest: Date }>();
  for (const order of orders) {
    const id = customerIdOf(order, defaultRegion);
    if (id === null) continue;
    const placed = instant(order.created_at);
    const email = order.customer_email ?? null;
    const phone = customerPhoneOf(order, defaultRegion);
    const known = customers.get(id);
    if (!known) {
      const fact = { externalId: id, email, phone, firstOrderAt: null, ordersCount: 0, tags: [], createdAt: placed, updatedAt: importedAt };
      customers.set(id, { fact, latest: placed });
      continue;
    }
    if (placed < known.fact.createdAt) known.fact.createdAt = placed;
    if (placed >= known.latest) {
      known.latest = placed;
      known.fact.email = email ?? known.fact.email;
      known.fact.phone = phone ?? known.fact.phone;
    }
  }
  return [...customers.values()].map((c) => c.fact);
}
