import { add, formatDecimal, parseDecimal, SCALE_DIGITS, type Dec } from "@/lib/metrics/definitions/decimal";
import { currencyDecimals } from "@/lib/metrics/report/precision";
import { parseOffsetDateTime } from "./fields";
import type { TOrderImportRow } from "./schema";
import type { Path } from "./validate";

// The money of one imported order, worked out once for both the validator (which refuses what a
// store could not have done) and the fact builder (which stores what it means): order-level
// discounts allocated to lines, and each refund's lines resolved to the order's lines with their
// amounts.

type Line = TOrderImportRow["line_items"][number];

export type LinePlan = { key: string; value: Dec; discount: Dec; paid: Dec; quantity: number };
export type RefundLinePlan = { line: number; quantity: number; amount: Dec; tax: Dec };
export type RefundPlan = { refundId: string; at: Date; lines: RefundLinePlan[]; shipping: Dec; tax: Dec; total: Dec };
export type OrderPlan = { lines: LinePlan[]; refunds: RefundPlan[]; problems: { path: Path; message: string }[] };

const dec = (text: string | undefined) => parseDecimal(text ?? "0");
const shown = (value: Dec) => formatDecimal(value, 2);

/** One line per SKU, or per title when a line has no SKU. */
export function lineKey(line: Pick<Line, "sku" | "title">): { key: string; field: "sku" | "title" } {
  return line.sku ? { key: `sku:${line.sku}`, field: "sku" } : { key: `title:${line.title.toLowerCase()}`, field: "title" };
}

/**
 * Splits `total` over `weights` in proportion, in whole minor units of the currency: each share
 * rounded down, then the units left over one each to the largest remainders (the earlier line
 * on a tie), so the shares always add up to the total and the same order always splits the same
 * way. Shopify allocates an order-level discount across lines in proportion to their price
 * without documenting its rounding; this is the largest-remainder rule. A total finer than the
 * minor unit leaves its last fraction with the first line that has the largest weight.
 */
export function allocate(total: Dec, weights: Dec[], currency: string): Dec[] {
  const sum = add(...weights);
  if (sum <= 0n || total === 0n) return weights.map(() => 0n);
  const unit = 10n ** BigInt(SCALE_DIGITS - Math.min(currencyDecimals(currency), SCALE_DIGITS));
  const units = total / unit;
  const fraction = total % unit;
  const shares = weights.map((w) => (units * w) / sum);
  const remainders = weights.map((w, i) => ({ i, rest: (units * w) % sum }));
  let left = units - add(...shares);
  remainders.sort((a, b) => (a.rest === b.rest ? a.i - b.i : a.rest > b.rest ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    shares[i] = shares[i]! + 1n;
    left--;
  }
  const largest = weights.reduce((best, w, i) => (w > weights[best]! ? i : best), 0);
  return shares.map((share, i) => share * unit + (i === largest ? fraction : 0n));
}

/** Rounds value to the currency's minor unit, halves up (amounts are never negative). */
function toMinor(value: Dec, currency: string): Dec {
  const unit = 10n ** BigInt(SCALE_DIGITS - Math.min(currencyDecimals(currency), SCALE_DIGITS));
  return ((value + unit / 2n) / unit) * unit;
}

function findLine(lines: readonly Line[], named: { sku?: string; title?: string }): { index: number } | { field: "sku" | "title"; message: string } {
  if (named.sku) {
    const index = lines.findIndex((l) => l.sku === named.sku);
    return index >= 0 ? { index } : { field: "sku", message: `The order has no line with SKU "${named.sku}".` };
  }
  if (named.title) {
    const wanted = named.title.toLowerCase();
    const matches = lines.flatMap((l, i) => (l.title.toLowerCase() === wanted ? [i] : []));
    if (matches.length === 1) return { index: matches[0]! };
    return matches.length === 0
      ? { field: "title", message: `The order has no line titled "${named.title}".` }
      : { field: "title", message: `Several lines of the order are titled "${named.title}"; name the line by its SKU.` };
  }
  return { field: "title", message: "Name the refunded line by its SKU or title." };
}

export function planOrder(order: TOrderImportRow): OrderPlan {
  const problems: OrderPlan["problems"] = [];
  const values = order.line_items.map((l) => dec(l.unit_price) * BigInt(l.quantity));
  const afterLine = order.line_items.map((l, i) => values[i]! - dec(l.discount));
  const allocated = allocate(dec(order.order_discount), afterLine, order.currency);
  const lines: LinePlan[] = order.line_items.map((l, i) => ({
    key: lineKey(l).key,
    value: values[i]!,
    discount: dec(l.discount) + allocated[i]!,
    paid: afterLine[i]! - allocated[i]!,
    quantity: l.quantity,
  }));

  const returnedQuantity = lines.map(() => 0);
  const returnedAmount = lines.map(() => 0n);
  let shippingRefunded = 0n;
  let taxRefunded = 0n;
  const placed = parseOffsetDateTime(order.created_at);
  const seenRefunds = new Map<string, number>();
  const refunds: RefundPlan[] = [];

  order.refunds.forEach((refund, r) => {
    const at = parseOffsetDateTime(refund.refunded_at)!;
    const first = seenRefunds.get(refund.refund_id);
    if (first !== undefined) {
      problems.push({ path: ["refunds", r, "refund_id"], message: `The order has refund "${refund.refund_id}" twice; give each refund its own id.` });
      return;
    }
    seenRefunds.set(refund.refund_id, r);
    if (placed && at < placed) problems.push({ path: ["refunds", r, "refunded_at"], message: "The refund is dated before the order was placed." });

    const planned: RefundLinePlan[] = [];
    const named = new Set<number>();
    refund.line_items.forEach((item, j) => {
      const here = (field: string): Path => ["refunds", r, "line_items", j, field];
      const found = findLine(order.line_items, item);
      if (!("index" in found)) return void problems.push({ path: here(found.field), message: found.message });
      const i = found.index;
      const line = lines[i]!;
      if (named.has(i)) return void problems.push({ path: here(item.sku ? "sku" : "title"), message: "The refund names this line twice; put its units and amount on one row." });
      named.add(i);
      if (item.quantity === undefined && item.amount === undefined) {
        return void problems.push({ path: here("amount"), message: "Give the quantity returned, the amount refunded, or both." });
      }
      const quantity = item.quantity ?? 0;
      returnedQuantity[i]! += quantity;
      if (returnedQuantity[i]! > line.quantity) {
        problems.push({
          path: here("quantity"),
          message: `Refunded quantity ${returnedQuantity[i]} (over this order's refunds) is more than the ${line.quantity} sold on this line.`,
        });
      }
      // Without an amount, units come back at what they were paid; the last units take what is left, so a line returned in parts adds up.
      const amount = item.amount !== undefined
        ? dec(item.amount)
        : returnedQuantity[i] === line.quantity
          ? line.paid - returnedAmount[i]!
          : toMinor((line.paid * BigInt(quantity)) / BigInt(line.quantity), order.currency);
      returnedAmount[i]! += amount;
      if (returnedAmount[i]! > line.paid) {
        problems.push({
          path: here("amount"),
          message: `Refunds of this line total ${shown(returnedAmount[i]!)}, more than the ${shown(line.paid)} paid for it after discounts.`,
        });
      }
      const tax = dec(item.tax);
      taxRefunded += tax;
      if (tax > 0n && taxRefunded > dec(order.taxes)) problems.push({ path: here("tax"), message: `Taxes refunded add up to ${shown(taxRefunded)}, more than the ${shown(dec(order.taxes))} charged.` });
      planned.push({ line: i, quantity, amount, tax });
    });

    const shipping = dec(refund.shipping);
    shippingRefunded += shipping;
    if (shipping > 0n && shippingRefunded > dec(order.shipping)) {
      problems.push({ path: ["refunds", r, "shipping"], message: `Shipping refunded adds up to ${shown(shippingRefunded)}, more than the ${shown(dec(order.shipping))} charged.` });
    }
    const tax = dec(refund.tax);
    taxRefunded += tax;
    if (tax > 0n && taxRefunded > dec(order.taxes)) {
      problems.push({ path: ["refunds", r, "tax"], message: `Taxes refunded add up to ${shown(taxRefunded)}, more than the ${shown(dec(order.taxes))} charged.` });
    }
    const total = add(...planned.map((p) => p.amount + p.tax)) + shipping + tax;
    if (refund.line_items.length === 0 && total === 0n) {
      problems.push({ path: ["refunds", r, "refund_id"], message: "The refund returns nothing: name a line, or refund shipping or tax." });
    }
    refunds.push({ refundId: refund.refund_id, at, lines: planned, shipping, tax, total });
  });
  return { lines, refunds, problems };
}
