import type { LineItemFact, OrderBundle } from "@/lib/connectors/contracts/store-facts";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { connectDemoStore } from "@/lib/connections/service";
import { upsertOrderBundles } from "@/lib/stores/ingest";
import { bundle } from "../sync/fake-source";

// A small store built by hand, in America/New_York (EST = UTC-5 in January). Days:
//   D1 = 2026-01-09, D2 = 2026-01-10 (starts 2026-01-10T05:00:00Z), D3 = 2026-01-11.
export const D1 = "2026-01-09";
export const D2 = "2026-01-10";
export const D3 = "2026-01-11";
const t = (iso: string) => new Date(iso);

let nextLine = 1n;
export function line(orderId: number, title: string, quantity: number, unitPrice: string, totalDiscount = "0.00"): LineItemFact {
  return {
    externalId: BigInt(orderId) * 100n + nextLine++, orderId: BigInt(orderId), productId: null, variantId: null, sku: `SKU-${title}`,
    title, variantTitle: null, vendor: null, quantity, unitPrice, totalDiscount, unitCost: null,
  };
}

export function order(id: number, at: string, fields: Partial<OrderBundle["order"]>, lines: LineItemFact[]): OrderBundle {
  const b = bundle(id, t(at), { totalShipping: "0.00", totalTax: "0.00", ...fields }, 0);
  return { ...b, lineItems: lines };
}

export function refund(b: OrderBundle, id: number, at: string, shippingRefunded: string, lines: { line: LineItemFact; quantity: number; subtotal: string; tax: string }[]) {
  b.refunds.push({
    externalId: BigInt(id), orderId: b.order.externalId, createdAt: t(at), processedAt: t(at), totalRefunded: "0.00", shippingRefunded, currency: "USD",
  });
  lines.forEach((l, i) =>
    b.refundLineItems.push({
      externalId: BigInt(id) * 10n + BigInt(i), refundId: BigInt(id), orderId: b.order.externalId, lineItemId: l.line.externalId,
      quantity: l.quantity, subtotal: l.subtotal, totalTax: l.tax, restockType: "return",
    }),
  );
}

export function store(): OrderBundle[] {
  // A: customer 501's first order, long before the range (makes 501 returning in January).
  const a = order(1001, "2025-12-01T15:00:00Z", { customerId: 501n, totalShipping: "5.00", totalTax: "3.20" }, [line(1001, "Widget", 1, "40.00")]);

  // B: D1 10:00 local, google, new customer 502: 2 × 30.00 with 6.00 discount, plus an excluded
  // "Shipping Fee" line; refunded on D3: one Alpha Pro (30.00 - 3.00 discount = 27.00, tax 2.16),
  // the fee line (7.50, excluded from returns) and the 4.99 shipping.
  const alphaB = line(1002, "Alpha Pro", 2, "30.00", "6.00");
  const feeB = line(1002, "Shipping Fee", 1, "7.50");
  const b = order(1002, "2026-01-09T15:00:00Z", { customerId: 502n, utmSource: "google", totalShipping: "4.99", totalTax: "4.32" }, [alphaB, feeB]);
  refund(b, 9002, "2026-01-11T18:00:00Z", "4.99", [
    { line: alphaB, quantity: 1, subtotal: "27.00", tax: "2.16" },
    { line: feeB, quantity: 1, subtotal: "7.50", tax: "0.00" },
  ]);

  // C: one second before local midnight (D1 23:59:59), no processed time (created time is used),
  // no utm (direct), new customer 503: 3 × 12.50.
  const c = order(1003, "2026-01-10T04:59:59Z", { processedAt: null, customerId: 503n, totalShipping: "5.00", totalTax: "3.00" }, [
    line(1003, "Accessory Cap", 3, "12.50"),
  ]);

  // D: exactly local midnight (D2 00:00:00), google, returning customer 501: 99.99 with 10.00 off.
  const d = order(1004, "2026-01-10T05:00:00Z", { customerId: 501n, utmSource: "google", totalTax: "7.20" }, [line(1004, "Alpha", 1, "99.99", "10.00")]);

  // E: a test order on D2, refunded on D3: never counts.
  const eLine = line(1005, "Alpha Pro", 1, "500.00");
  const e = order(1005, "2026-01-10T15:00:00Z", { test: true, customerId: 504n, totalShipping: "9.00", totalTax: "40.00" }, [eLine]);
  refund(e, 9005, "2026-01-11T15:00:00Z", "9.00", [{ line: eLine, quantity: 1, subtotal: "500.00", tax: "40.00" }]);

  // F: cancelled on D2 and fully refunded the same day, facebook, new customer 505.
  const fLine = line(1006, "Alpha Pro", 1, "30.00");
  const f = order(1006, "2026-01-10T16:00:00Z", {
    customerId: 505n, utmSource: "facebook", cancelledAt: t("2026-01-10T17:00:00Z"), totalShipping: "5.00", totalTax: "2.40",
  }, [fLine]);
  refund(f, 9006, "2026-01-10T17:00:00Z", "5.00", [{ line: fLine, quantity: 1, subtotal: "30.00", tax: "2.40" }]);

  // G: fee-only order on D2 (direct), customer 506: not an order, not a customer; its tax counts.
  const g = order(1007, "2026-01-10T20:00:00Z", { customerId: 506n, totalTax: "0.60" }, [line(1007, "Shipping Fee", 1, "7.50")]);

  // H: customer 502 again on D3, google: 1 × 20.00.
  const h = order(1008, "2026-01-11T14:00:00Z", { customerId: 502n, utmSource: "google" }, [line(1008, "Alpha", 1, "20.00")]);

  return [a, b, c, d, e, f, g, h];
}

export async function setup() {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone: "America/New_York" });
  const connection = await connectDemoStore(workspace.id, { orders: 100 });
  await upsertOrderBundles({ workspaceId: workspace.id, connectionId: connection.id }, store());
  return workspace.id;
}
