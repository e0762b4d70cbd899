import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { ORDER_HEADER, csv, factCounts, upload, where, workspaceWithKey } from "./support";

// Route handlers import the session reader; these requests carry API keys, never a session.
vi.mock("@/lib/auth", () => ({ auth: async () => null }));

// One line item per row: order_id,created_at,currency,customer_id,customer_email,line_title,line_sku,
// line_quantity,line_unit_price,line_discount,shipping,taxes,refunded_amount,refunded_at,utm_source,utm_medium,utm_campaign
const GOOD = "A-1,2026-03-01T10:00:00-05:00,USD,c1,ana@example.test,Alpha Pro,AP-1,2,50.00,5.00,4.99,8.00,,,google,cpc,spring";

describe("order imports: validation", () => {
  it("reports a wrong header with the expected columns and applies nothing", async () => {
    const { workspace, key } = await workspaceWithKey();
    const header = ORDER_HEADER.replace("line_quantity", "qty");
    const { status, json } = await upload("orders", key, { csv: csv(header, GOOD.replace("A-1", "H-1")) });

    expect(status).toBe(422);
    expect(where(json)).toEqual(["1 qty", "1 line_quantity"]);
    expect(json.errors[0]!.message).toContain("Unknown column");
    expect(json.errors[1]!.message).toContain("Missing column");
    expect(json.errors[1]!.message).toContain("order_id, created_at, currency");
    expect(json).toMatchObject({ rows_total: 1, rows_applied: 0 });
    expect((await factCounts(workspace.id)).orders).toBe(0);
    // The refused upload is still on record.
    const record = await db.dataImport.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: workspace.id, id: json.import_id! } } });
    expect(record).toMatchObject({ kind: "orders", rowsTotal: 1, rowsApplied: 0 });
    expect(record.errors).toHaveLength(2);
  });

  it("names the row (file line) and column of every bad value, and applies nothing when any row is bad", async () => {
    const { workspace, key } = await workspaceWithKey();
    const file = csv(
      ORDER_HEADER,
      GOOD, // line 2: fine
      "B-1,2026-03-01T10:00:00-05:00,USD,,,Beta,,1,12;50,,,,,,,,", // 3: bad number
      "C-1,2026-03-01T10:00:00-05:00,XYZ,,,Gamma,,1,10,,,,,,,,", // 4: unknown currency
      "D-1,2026-03-01T23:30:00,USD,,,Delta,,1,10,,,,,,,,", // 5: no UTC offset
      "E-1,2026-02-30T10:00:00Z,USD,,,Epsilon,,1,10,,,,,,,,", // 6: no such day
      "F-1,2026-03-01T10:00:00Z,USD,,,Phi,,-2,10,,,,,,,,", // 7: negative quantity
      "G-1,2026-03-01T10:00:00Z,USD,,,Gizmo,G-SKU,1,10,,,,,,,,", // 8: duplicate SKU in one order...
      "G-1,,,,,Gizmo again,G-SKU,1,10,,,,,,,,", // 9: ...named on both rows
      "H-1,2026-03-01T10:00:00Z,USD,,,Hat,H1,1,10,,,,,,,,", // 10: order-level values that disagree
      "H-1,2026-03-01T10:00:00Z,EUR,,,Hood,H2,1,10,,,,,,,,", // 11
      "I-1,2026-03-01T10:00:00Z,USD,,,Ink,,1,10,,,,5,,,,", // 12: refund without a date
      "J-1,2026-03-01T10:00:00Z,USD,,not-an-email,Jar,,1,10,11,,,,,,,", // 13: bad email, discount over value
    );
    const { status, json } = await upload("orders", key, { csv: file });

    expect(status).toBe(422);
    expect(where(json)).toEqual([
      "3 line_unit_price",
      "4 currency",
      "5 created_at",
      "6 created_at",
      "7 line_quantity",
      "8 line_sku",
      "9 line_sku",
      "10 order_id",
      "11 currency",
      "12 refunded_at",
      "13 customer_email",
      "13 line_discount",
    ]);
    const message = (row: number, field: string) => json.errors.find((e) => e.row === row && e.field === field)!.message;
    expect(message(4, "currency")).toContain("ISO 4217");
    expect(message(5, "created_at")).toContain("UTC offset");
    expect(message(7, "line_quantity")).toContain("1 or more");
    expect(message(11, "currency")).toContain("row 10");
    expect(message(10, "order_id")).toContain("another row of this order");
    expect(json).toMatchObject({ rows_total: 12, rows_valid: 1, rows_applied: 0, errors_total: 12 });
    expect(await factCounts(workspace.id)).toMatchObject({ orders: 0, lineItems: 0, customers: 0 });
  });

  it("checks amounts against each other once the values themselves are valid", async () => {
    const { key } = await workspaceWithKey();
    const file = csv(
      ORDER_HEADER,
      "K-1,2026-03-01T10:00:00Z,USD,,,Kit,,2,10,21,,,,,,,", // discount above 2 × 10
      "L-1,2026-03-01T10:00:00Z,USD,,,Lamp,,1,10,,,,10.01,2026-03-02T10:00:00Z,,,", // refund above the goods
      "M-1,2026-03-02T10:00:00Z,USD,,,Mug,,1,10,,,,5,2026-03-01T10:00:00Z,,,", // refund before the order
    );
    const { status, json } = await upload("orders", key, { csv: file });
    expect(status).toBe(422);
    expect(where(json)).toEqual(["2 line_discount", "3 refunded_amount", "4 refunded_at"]);
  });

  it("with partial=true applies the good orders and reports the bad rows", async () => {
    const { workspace, key } = await workspaceWithKey();
    const file = csv(
      ORDER_HEADER,
      GOOD,
      "A-1,,,,,Alpha Case,AC-1,1,20,,,,,,,,",
      "B-1,2026-03-01T10:00:00-05:00,USD,,,Beta,,x,10,,,,,,,,",
      "C-1,2026-03-01T11:00:00-05:00,USD,,,Gamma,,1,10,,,,,,,,",
    );
    const { status, json } = await upload("orders", key, { csv: file }, { partial: true });

    expect(status).toBe(200);
    expect(json).toMatchObject({ rows_total: 4, rows_valid: 3, rows_applied: 3, errors_total: 1 });
    expect(where(json)).toEqual(["4 line_quantity"]);
    const orders = await db.order.findMany({ where: { workspaceId: workspace.id }, orderBy: { name: "asc" }, select: { name: true } });
    expect(orders.map((o) => o.name)).toEqual(["A-1", "C-1"]);
    expect((await factCounts(workspace.id)).lineItems).toBe(3);
  });

  it("refuses a partial upload in which no row is usable", async () => {
    const { key } = await workspaceWithKey();
    const { status, json } = await upload("orders", key, { csv: csv(ORDER_HEADER, "Z-1,yesterday,USD,,,Zed,,1,10,,,,,,,,") }, { partial: true });
    expect(status).toBe(422);
    expect(where(json)).toEqual(["2 created_at"]);
  });

  it("validates JSON the same way: row is the index in rows, field the path", async () => {
    const { workspace, key } = await workspaceWithKey();
    const rows = [
      { order_id: "J-1", created_at: "2026-03-01T10:00:00Z", currency: "usd", line_items: [{ title: "Jar", quantity: 1, unit_price: "10" }] },
      { order_id: "J-2", created_at: "2026-03-01T10:00:00Z", currency: "USD", line_items: [{ title: "Jug", quantity: 0, unit_price: 10.5 }] },
      { order_id: "J-1", created_at: "2026-03-01T11:00:00Z", currency: "USD", line_items: [{ title: "Jam", quantity: 1, unit_price: "3" }] },
      { order_id: "J-4", created_at: "2026-03-01T10:00:00Z", currency: "USD", line_items: [], colour: "red" },
      "not an order",
    ];
    const { status, json } = await upload("orders", key, { json: { rows } });

    expect(status).toBe(422);
    expect(where(json)).toEqual(["1 order_id", "2 line_items[0].quantity", "3 order_id", "4 line_items", "4 colour", "5 row"]);
    expect(json.errors[0]!.message).toContain("row 3");
    expect(json.errors[2]!.message).toContain("row 1");
    expect((await factCounts(workspace.id)).orders).toBe(0);
  });

  it("validates without applying or recording on a dry run", async () => {
    const { workspace, key } = await workspaceWithKey();
    const good = await upload("orders", key, { csv: csv(ORDER_HEADER, GOOD) }, { dry_run: true });
    expect(good.status).toBe(200);
    expect(good.json).toMatchObject({ import_id: null, dry_run: true, rows_total: 1, rows_valid: 1, rows_applied: 0, errors: [] });

    const bad = await upload("orders", key, { csv: csv(ORDER_HEADER, GOOD, "B-1,2026-03-01T10:00:00Z,USD,,,Beta,,1,abc,,,,,,,,") }, { dry_run: true });
    expect(bad.status).toBe(422);
    expect(where(bad.json)).toEqual(["3 line_unit_price"]);

    expect((await factCounts(workspace.id)).orders).toBe(0);
    expect(await db.dataImport.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("reports an upload with a header and no rows", async () => {
    const { key } = await workspaceWithKey();
    const { status, json } = await upload("orders", key, { csv: csv(ORDER_HEADER) });
    expect(status).toBe(422);
    expect(json.errors[0]!.message).toContain("no data rows");
  });
});
