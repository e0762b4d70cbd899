import { describe, expect, it, vi } from "vitest";
import { keyedHash, open } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { allocate } from "@/lib/imports/order-money";
import { parseDecimal } from "@/lib/metrics/definitions/decimal";
import { runReport } from "@/lib/metrics/report/run";
import { rebuildRollups } from "@/lib/metrics/rollups/rollup";
import { saveMetricSettings } from "@/lib/metrics/settings/store";
import { csv, factCounts, upload, where, workspaceWithKey } from "./support";

vi.mock("@/lib/auth", () => ({ auth: async () => null }));

// Complete orders: an order-level discount, several refunds on different days, refunded lines by
// SKU with quantities and amounts, an excluded line refunded, refunded shipping and tax.

const HEADER =
  "order_id,created_at,currency,customer_id,customer_email,customer_phone,line_title,line_sku,line_quantity,line_unit_price,line_discount," +
  "shipping,taxes,order_discount,refund_id,refunded_at,refund_quantity,refund_amount,refund_tax,refund_shipping,channel";

// 2026-04 in New York is UTC-4. Lines after their own discounts: 190.00, 60.00 and 10.00 (the fee,
// excluded from sales by the default settings). The order discount of 25.00 splits 2500 cents
// 1826.9 / 576.9 / 96.2: rounded down 1826 + 576 + 96, the two cents left go to the largest
// remainders (the first two lines tie; the earlier wins first): 18.27, 5.77 and 0.96.
// Paid: 171.73, 54.23 and 9.04.
const FILE = csv(
  HEADER,
  "C-1,2026-04-01T10:00:00-04:00,USD,cust-1,,,Alpha Pro,AP-1,2,100.00,10.00,15.00,20.00,25.00,,,,,,,",
  "C-1,,,,,,Alpha Case,AC-1,3,20.00,,,,,,,,,,,",
  "C-1,,,,,,Shipping Fee,FEE,1,10.00,,,,,,,,,,,",
  // R1 (3 April): one of two Alpha Pro (half of 171.73 is 85.865, 85.87 to the cent) with 8.00 tax,
  // the fee line with 0.50 tax (not a return: the line is excluded), 5.00 shipping.
  "C-1,,,,,,,AP-1,,,,,,,R1,2026-04-03T12:00:00-04:00,1,,8.00,5.00,",
  "C-1,,,,,,Shipping Fee,,,,,,,,R1,,,9.04,0.50,,",
  // R2 (5 April): two Alpha Case for 36.00 with 3.00 tax, and 1.20 tax on 3.00 shipping refunded.
  "C-1,,,,,,,AC-1,,,,,,,R2,2026-04-05T12:00:00-04:00,2,36.00,3.00,,",
  "C-1,,,,,,,,,,,,,,R2,,,,1.20,3.00,",
);

const METRICS = ["gross_sales", "discounts", "returns", "net_sales", "shipping", "taxes", "total_sales", "orders"];

async function byDay(workspaceId: string) {
  const report = await runReport(workspaceId, { date_from: "2026-04-01", date_to: "2026-04-05", metrics: METRICS, group_by: "day" });
  const days = Object.fromEntries(report.rows.map((r) => [r.key, r.values]));
  return { totals: report.totals, days };
}

describe("complete order imports", () => {
  it("allocates an order discount by largest remainder, exactly, in the currency's minor units", () => {
    const shares = allocate(parseDecimal("25.00"), ["190", "60", "10"].map((v) => parseDecimal(v)), "USD");
    expect(shares).toEqual(["18.27", "5.77", "0.96"].map((v) => parseDecimal(v)));
    // Yen have no minor unit: whole yen only, still adding up.
    const yen = allocate(parseDecimal("100"), ["1", "1", "1"].map((v) => parseDecimal(v)), "JPY");
    expect(yen).toEqual(["34", "33", "33"].map((v) => parseDecimal(v)));
  });

  it("gives returns, taxes and total sales to the cent on both revenue bases", async () => {
    const { workspace, key } = await workspaceWithKey("member", "America/New_York");
    const { status, json } = await upload("orders", key, { csv: FILE });
    expect(json.errors).toEqual([]);
    expect(status).toBe(200);
    expect(json).toMatchObject({ rows_total: 7, rows_applied: 7 });
    expect(await factCounts(workspace.id)).toMatchObject({ orders: 1, lineItems: 3, refunds: 2, refundLines: 4 });

    const order = await db.order.findFirstOrThrow({ where: { workspaceId: workspace.id } });
    // 260.00 - 25.00 + 15.00 + 20.00 = 270.00, less 85.87 + 8.00 + 9.04 + 0.50 + 5.00 and 36.00 + 3.00 + 1.20 + 3.00.
    expect([order.totalPrice.toFixed(2), order.currentTotalPrice.toFixed(2), order.financialStatus]).toEqual(["270.00", "118.39", "partially_refunded"]);

    // Transaction basis (the default): returns on the refunds' days.
    const transaction = await byDay(workspace.id);
    expect(transaction.totals).toMatchObject({
      gross_sales: "260.00", discounts: "34.04", returns: "121.87", net_sales: "104.09", shipping: "7.00", taxes: "7.30", total_sales: "118.39", orders: 1,
    });
    expect(transaction.days["2026-04-01"]).toMatchObject({ returns: "0.00", net_sales: "225.96", shipping: "15.00", taxes: "20.00", total_sales: "260.96" });
    expect(transaction.days["2026-04-03"]).toMatchObject({ returns: "85.87", net_sales: "-85.87", shipping: "-5.00", taxes: "-8.50", total_sales: "-99.37" });
    expect(transaction.days["2026-04-05"]).toMatchObject({ returns: "36.00", net_sales: "-36.00", shipping: "-3.00", taxes: "-4.20", total_sales: "-43.20" });

    // Order basis: every refund on the order's day; the totals do not move.
    await saveMetricSettings(workspace.id, { excludedLineItems: [{ field: "title", value: "Shipping Fee" }], revenueBasis: "order_date" });
    await rebuildRollups(workspace.id, { fromDay: "2026-04-01", toDay: "2026-04-05" });
    const orderBasis = await byDay(workspace.id);
    expect(orderBasis.totals).toMatchObject({ returns: "121.87", net_sales: "104.09", shipping: "7.00", taxes: "7.30", total_sales: "118.39" });
    expect(orderBasis.days["2026-04-01"]).toMatchObject({ returns: "121.87", net_sales: "104.09", shipping: "7.00", taxes: "7.30", total_sales: "118.39" });
    expect(orderBasis.days["2026-04-03"]?.returns ?? "0.00").toBe("0.00");
  });

  it("stores the same facts from the JSON form of the same order", async () => {
    const a = await workspaceWithKey();
    const b = await workspaceWithKey();
    await upload("orders", a.key, { csv: FILE });
    const row = {
      order_id: "C-1", created_at: "2026-04-01T10:00:00-04:00", currency: "USD", customer_id: "cust-1", shipping: "15.00", taxes: "20.00", order_discount: "25.00",
      line_items: [
        { title: "Alpha Pro", sku: "AP-1", quantity: 2, unit_price: "100.00", discount: "10.00" },
        { title: "Alpha Case", sku: "AC-1", quantity: 3, unit_price: "20.00" },
        { title: "Shipping Fee", sku: "FEE", quantity: 1, unit_price: "10.00" },
      ],
      refunds: [
        { refund_id: "R1", refunded_at: "2026-04-03T12:00:00-04:00", shipping: "5.00", line_items: [{ sku: "AP-1", quantity: 1, tax: "8.00" }, { title: "shipping fee", amount: "9.04", tax: "0.50" }] },
        { refund_id: "R2", refunded_at: "2026-04-05T12:00:00-04:00", shipping: "3.00", tax: "1.20", line_items: [{ sku: "AC-1", quantity: 2, amount: "36.00", tax: "3.00" }] },
      ],
    };
    const { status, json } = await upload("orders", b.key, { json: { rows: [row] } });
    expect(json.errors).toEqual([]);
    expect(status).toBe(200);
    const facts = async (workspaceId: string) => {
      const [refunds, lines] = await Promise.all([
        db.refund.findMany({ where: { workspaceId }, orderBy: { externalId: "asc" }, select: { externalId: true, totalRefunded: true, shippingRefunded: true, processedAt: true } }),
        db.refundLineItem.findMany({ where: { workspaceId }, orderBy: { externalId: "asc" }, select: { externalId: true, lineItemId: true, quantity: true, subtotal: true, totalTax: true } }),
      ]);
      return JSON.parse(JSON.stringify({ refunds, lines }, (_, v) => (typeof v === "bigint" ? v.toString() : v)));
    };
    expect(await facts(b.workspace.id)).toEqual(await facts(a.workspace.id));
  });

  it("names the row and field of every impossible refund and applies nothing unless partial", async () => {
    const { workspace, key } = await workspaceWithKey();
    const bad = csv(
      HEADER,
      "B-1,2026-04-01T10:00:00-04:00,USD,,,,Alpha Pro,AP-1,2,100.00,,,,,,,,,,,",
      // 3 units of 2, then 150.00 on top of 100.00 already refunded against 200.00 paid.
      "B-1,,,,,,,AP-1,,,,,,,R1,2026-04-02T10:00:00-04:00,3,100.00,,,",
      "B-1,,,,,,,AP-1,,,,,,,R2,2026-04-03T10:00:00-04:00,,150.00,,,",
      "B-2,2026-04-01T11:00:00-04:00,USD,,,not a phone,Alpha Case,AC-1,1,20.00,,,,,,,,,,,",
      "B-3,2026-04-01T12:00:00-04:00,USD,,,,Alpha Case,AC-1,1,20.00,,2.00,,,,,,,,,",
      // More shipping than charged, a SKU the order does not have.
      "B-3,,,,,,,,,,,,,,R1,2026-04-02T10:00:00-04:00,,,,5.00,",
      "B-3,,,,,,,NOPE,,,,,,,R1,,1,,,,",
      "B-4,2026-04-01T13:00:00-04:00,USD,,,+1 (555) 010-0000,Alpha Case,AC-1,1,20.00,,,,,,,,,,,offline",
    );
    const refused = await upload("orders", key, { csv: bad });
    expect(refused.status).toBe(422);
    expect(where(refused.json)).toEqual(expect.arrayContaining(["3 refund_quantity", "4 refund_amount", "5 customer_phone", "7 refund_shipping", "8 line_sku"]));
    expect(refused.json.errors.find((e) => e.field === "refund_amount")?.message).toContain("more than the 200.00 paid");
    expect(refused.json.errors.find((e) => e.field === "refund_quantity")?.message).toContain("more than the 2 sold");
    expect(refused.json.rows_applied).toBe(0);
    expect((await factCounts(workspace.id)).orders).toBe(0);

    const partial = await upload("orders", key, { csv: bad }, { partial: true });
    expect(partial.status).toBe(200);
    expect(partial.json.rows_applied).toBe(1);
    const kept = await db.order.findFirstOrThrow({ where: { workspaceId: workspace.id } });
    expect([kept.name, kept.utmSource]).toEqual(["B-4", "offline"]);
  });

  it("refuses refund cells on line rows and line cells on refund rows, and both refund forms at once", async () => {
    const { key } = await workspaceWithKey();
    const file = csv(
      HEADER.replace(",channel", ",refunded_amount"),
      "X-1,2026-04-01T10:00:00-04:00,USD,,,,Alpha Pro,AP-1,2,100.00,,,,,,,1,,,,",
      "X-1,,,,,,,AP-1,3,,,,,,R1,2026-04-02T10:00:00-04:00,1,,,,",
      "X-2,2026-04-01T10:00:00-04:00,USD,,,,Alpha Pro,AP-1,2,100.00,,,,,,2026-04-02T10:00:00-04:00,,,,,10.00",
      "X-2,,,,,,,AP-1,,,,,,,R1,2026-04-02T10:00:00-04:00,1,,,,",
    );
    const { status, json } = await upload("orders", key, { csv: file });
    expect(status).toBe(422);
    expect(where(json)).toEqual(expect.arrayContaining(["2 refund_quantity", "3 line_quantity", "4 refunded_amount"]));
  });

  it("makes one customer of a phone written three ways, read in the workspace's region", async () => {
    const { workspace, key } = await workspaceWithKey();
    const file = csv(
      HEADER,
      "P-1,2026-04-01T10:00:00-04:00,USD,,,+1 (555) 010-0000,Alpha Case,AC-1,1,20.00,,,,,,,,,,,",
      "P-2,2026-04-02T10:00:00-04:00,USD,,,15550100000,Alpha Case,AC-1,1,20.00,,,,,,,,,,,",
      "P-3,2026-04-03T10:00:00-04:00,USD,,,555-010-0000,Alpha Case,AC-1,1,20.00,,,,,,,,,,,",
      "P-4,2026-04-03T11:00:00-04:00,USD,,,555-010-0001,Alpha Case,AC-1,1,20.00,,,,,,,,,,,",
    );
    const { status, json } = await upload("orders", key, { csv: file });
    expect(json.errors).toEqual([]);
    expect(status).toBe(200);
    const customers = await db.customer.findMany({ where: { workspaceId: workspace.id }, orderBy: { ordersCount: "desc" }, select: { ordersCount: true } });
    expect(customers.map((c) => c.ordersCount)).toEqual([3, 1]);
    const orders = await db.order.findMany({ where: { workspaceId: workspace.id }, orderBy: { name: "asc" }, select: { customerId: true } });
    expect(new Set(orders.slice(0, 3).map((o) => o.customerId)).size).toBe(1);
    expect(orders[3]!.customerId).not.toBe(orders[0]!.customerId);
    // Sealed, with the keyed hash of its E.164 form beside it: what other sources' customers match.
    const phones = await db.customer.findMany({ where: { workspaceId: workspace.id }, select: { phoneEncrypted: true, phoneHash: true } });
    expect(phones.map((c) => open(c.phoneEncrypted!)).sort()).toEqual(["+15550100000", "+15550100001"]);
    expect(phones.map((c) => c.phoneHash).sort()).toEqual([keyedHash("+15550100000"), keyedHash("+15550100001")].sort());
    // Customers known by their own ids keep them, and carry the same hash for the same number.
    const byId = csv(
      HEADER,
      "Q-1,2026-04-04T10:00:00-04:00,USD,crm-7,,1 555 010 0000,Alpha Case,AC-1,1,20.00,,,,,,,,,,,",
      "Q-2,2026-04-04T11:00:00-04:00,USD,shop-9,,(555) 010-0000,Alpha Case,AC-1,1,20.00,,,,,,,,,,,",
    );
    expect((await upload("orders", key, { csv: byId })).status).toBe(200);
    expect(await db.customer.count({ where: { workspaceId: workspace.id, phoneHash: keyedHash("+15550100000") } })).toBe(3);
    // The number itself is in no column of the stored order or customer.
    const stored = JSON.stringify(await db.customer.findMany({ where: { workspaceId: workspace.id } }), (_, v) => (typeof v === "bigint" ? v.toString() : v));
    expect(stored).not.toMatch(/5550100000|555-010/);
  });
});
