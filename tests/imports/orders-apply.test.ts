import { describe, expect, it, vi } from "vitest";
import { open } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { runReport } from "@/lib/metrics/report/run";
import { ORDER_HEADER, csv, factCounts, importConnection, upload, workspaceWithKey } from "./support";

vi.mock("@/lib/auth", () => ({ auth: async () => null }));

// A two-line order with a refund and a one-line order of the same customer, as CSV and as JSON.
const FILE = csv(
  ORDER_HEADER,
  "1001,2026-03-01T23:30:00-05:00,USD,cust-9,Ana@Example.test,Alpha Pro,AP-1,2,50.00,10.00,5.00,7.20,30.00,2026-03-04T09:00:00-05:00,google,cpc,spring",
  "1001,,,,,Alpha Case,,1,10.00,,,,,,,,",
  "1002,2026-03-02T08:00:00Z,USD,cust-9,,Alpha Case,AC-2,3,9.99,,0,0,,,,,",
);

const JSON_ROWS = [
  {
    order_id: "1001", created_at: "2026-03-01T23:30:00-05:00", currency: "USD", customer_id: "cust-9", customer_email: "Ana@Example.test",
    shipping: "5.00", taxes: 7.2, refunded_amount: "30.00", refunded_at: "2026-03-04T09:00:00-05:00",
    utm_source: "google", utm_medium: "cpc", utm_campaign: "spring",
    line_items: [
      { title: "Alpha Pro", sku: "AP-1", quantity: 2, unit_price: "50.00", discount: "10.00" },
      { title: "Alpha Case", quantity: "1", unit_price: 10 },
    ],
  },
  { order_id: "1002", created_at: "2026-03-02T08:00:00Z", currency: "USD", customer_id: "cust-9", shipping: 0, taxes: "0", line_items: [{ title: "Alpha Case", sku: "AC-2", quantity: 3, unit_price: "9.99" }] },
];

/** Everything stored for the workspace's imported orders, without the keys that differ between workspaces. */
async function storedOrders(workspaceId: string) {
  const scope = { workspaceId };
  const [orders, lines, refunds, refundLines, customers] = await Promise.all([
    db.order.findMany({ where: scope, orderBy: { externalId: "asc" }, omit: { workspaceId: true, connectionId: true, updatedAt: true, syncedAt: true } }),
    db.orderLineItem.findMany({ where: scope, orderBy: { externalId: "asc" }, omit: { workspaceId: true, connectionId: true } }),
    db.refund.findMany({ where: scope, orderBy: { externalId: "asc" }, omit: { workspaceId: true, connectionId: true } }),
    db.refundLineItem.findMany({ where: scope, orderBy: { externalId: "asc" }, omit: { workspaceId: true, connectionId: true } }),
    db.customer.findMany({ where: scope, orderBy: { externalId: "asc" }, select: { externalId: true, emailHash: true, ordersCount: true, createdAt: true } }),
  ]);
  return JSON.parse(JSON.stringify({ orders, lines, refunds, refundLines, customers }, (_, v) => (typeof v === "bigint" ? v.toString() : v)));
}

describe("order imports: applying", () => {
  it("stores orders, lines, refunds and customers under the import connection", async () => {
    const { workspace, key } = await workspaceWithKey();
    const { status, json } = await upload("orders", key, { csv: FILE }, { file_name: "march.csv" });

    expect(status).toBe(200);
    expect(json).toMatchObject({ kind: "orders", dry_run: false, rows_total: 3, rows_valid: 3, rows_applied: 3, errors_total: 0, errors: [] });
    const connection = await importConnection(workspace.id, "orders");
    expect(connection).toMatchObject({ provider: "import", displayName: "Imported orders", status: "active", nextSyncAt: null });
    expect(await factCounts(workspace.id)).toMatchObject({ orders: 2, lineItems: 3, refunds: 1, refundLines: 2, customers: 1 });

    const order = await db.order.findFirstOrThrow({ where: { workspaceId: workspace.id, name: "1001" } });
    expect(order.connectionId).toBe(connection!.id);
    expect(order.externalId > 0n).toBe(true);
    expect(order.createdAt.toISOString()).toBe("2026-03-02T04:30:00.000Z");
    expect({
      subtotal: order.subtotal.toFixed(2), discounts: order.totalDiscounts.toFixed(2), shipping: order.totalShipping.toFixed(2),
      tax: order.totalTax.toFixed(2), total: order.totalPrice.toFixed(2), current: order.currentTotalPrice.toFixed(2),
    }).toEqual({ subtotal: "100.00", discounts: "10.00", shipping: "5.00", tax: "7.20", total: "112.20", current: "82.20" });
    expect(order).toMatchObject({ currency: "USD", utmSource: "google", utmCampaign: "spring", financialStatus: "partially_refunded", test: false });

    // 30.00 refunded over lines worth 90.00 and 10.00: 27.00 and 3.00, summing exactly.
    const refundLines = await db.refundLineItem.findMany({ where: { workspaceId: workspace.id }, select: { subtotal: true, lineItemId: true } });
    const lines = await db.orderLineItem.findMany({ where: { workspaceId: workspace.id, orderId: order.externalId }, select: { externalId: true, title: true } });
    const byTitle = Object.fromEntries(refundLines.map((r) => [lines.find((l) => l.externalId === r.lineItemId)!.title, r.subtotal.toFixed(2)]));
    expect(byTitle).toEqual({ "Alpha Pro": "27.00", "Alpha Case": "3.00" });

    const customer = await db.customer.findFirstOrThrow({ where: { workspaceId: workspace.id } });
    expect(customer.ordersCount).toBe(2);
    expect(customer.emailEncrypted).not.toContain("example");
    expect(open(customer.emailEncrypted!)).toBe("Ana@Example.test");
    expect(order.customerId).toBe(customer.externalId);

    const record = await db.dataImport.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: workspace.id, id: json.import_id! } } });
    expect(record).toMatchObject({ kind: "orders", fileName: "march.csv", rowsTotal: 3, rowsApplied: 3, errors: [] });
    expect(record.apiKeyId).not.toBeNull();
  });

  it("changes nothing when the same file comes again, and updates values that changed", async () => {
    const { workspace, key } = await workspaceWithKey();
    await upload("orders", key, { csv: FILE });
    const before = await factCounts(workspace.id);
    const stored = await storedOrders(workspace.id);

    const again = await upload("orders", key, { csv: FILE });
    expect(again.status).toBe(200);
    expect(await factCounts(workspace.id)).toEqual(before);
    expect(await storedOrders(workspace.id)).toEqual(stored);

    // The second order's price changes and the first order's refund is gone.
    const edited = FILE.replace("3,9.99", "3,12.00").replace("30.00,2026-03-04T09:00:00-05:00", ",");
    expect((await upload("orders", key, { csv: edited })).status).toBe(200);
    expect(await factCounts(workspace.id)).toEqual({ ...before, refunds: 0, refundLines: 0 });
    const second = await db.order.findFirstOrThrow({ where: { workspaceId: workspace.id, name: "1002" } });
    expect(second.subtotal.toFixed(2)).toBe("36.00");
    const first = await db.order.findFirstOrThrow({ where: { workspaceId: workspace.id, name: "1001" } });
    expect(first.currentTotalPrice.toFixed(2)).toBe("112.20");
    expect(await db.dataImport.count({ where: { workspaceId: workspace.id } })).toBe(3);
  });

  it("stores the same facts from CSV and from JSON", async () => {
    const fromCsv = await workspaceWithKey();
    const fromJson = await workspaceWithKey();
    const a = await upload("orders", fromCsv.key, { csv: FILE });
    const b = await upload("orders", fromJson.key, { json: { rows: JSON_ROWS } });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.json).toMatchObject({ rows_total: 2, rows_applied: 2, errors: [] });
    const stored = await storedOrders(fromCsv.workspace.id);
    expect(stored.orders).toHaveLength(2);
    expect(await storedOrders(fromJson.workspace.id)).toEqual(stored);
  });

  it("puts an order placed at 23:30 New York time on that New York day in reports", async () => {
    const { workspace, key } = await workspaceWithKey("member", "America/New_York");
    const file = csv(ORDER_HEADER, "NY-1,2026-03-01T23:30:00-05:00,USD,,,Alpha Pro,,1,80.00,,,,,,,,");
    expect((await upload("orders", key, { csv: file })).status).toBe(200);

    const onTheDay = await runReport(workspace.id, { date_from: "2026-03-01", date_to: "2026-03-01", metrics: ["orders", "gross_sales"] });
    expect(onTheDay.totals.orders).toBe(1);
    expect(onTheDay.totals.gross_sales).toBe("80.00");
    // In UTC it is already 2 March; the workspace's day is what counts.
    const nextDay = await runReport(workspace.id, { date_from: "2026-03-02", date_to: "2026-03-02", metrics: ["orders"] });
    expect(nextDay.totals.orders ?? 0).toBe(0);
  });

  it("moves an order to its new day in reports when a re-import corrects its time", async () => {
    const { workspace, key } = await workspaceWithKey("member", "America/New_York");
    const file = (at: string) => csv(ORDER_HEADER, `MV-1,${at},USD,,,Alpha Pro,,1,80.00,,,,,,,,`);
    await upload("orders", key, { csv: file("2026-03-05T12:00:00-05:00") });
    await upload("orders", key, { csv: file("2026-03-07T12:00:00-05:00") });
    const report = await runReport(workspace.id, { date_from: "2026-03-05", date_to: "2026-03-07", metrics: ["orders"], group_by: "day" });
    const byDay = Object.fromEntries(report.rows.map((r) => [r.key, r.values.orders]));
    expect(byDay["2026-03-05"] ?? 0).toBe(0);
    expect(byDay["2026-03-07"]).toBe(1);
  });
});
