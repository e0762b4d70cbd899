import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db/client";
import { ORDER_HEADER, csv, factCounts, upload, where, workspaceWithKey } from "./support";

vi.mock("@/lib/auth", () => ({ auth: async () => null }));

// The optional discount_codes and country columns: CSV and JSON store the same facts, bad values
// are refused naming the column, and a re-import replaces what was stored.

const HEADER = `${ORDER_HEADER},discount_codes,country`;
const row = (id: string, codes: string, country: string) => `${id},2026-03-01T10:00:00-05:00,USD,c1,,Alpha Pro,AP-1,1,50.00,5.00,,,,,,,,${codes},${country}`;

async function segments(workspaceId: string) {
  const orders = await db.order.findMany({ where: { workspaceId }, orderBy: { name: "asc" }, select: { name: true, discountCodes: true, countryCode: true } });
  return orders.map((o) => [o.name, o.discountCodes, o.countryCode]);
}

describe("order imports: discount codes and country", () => {
  it("stores comma-separated codes (CSV) and lists (JSON) alike, with the country upper-cased", async () => {
    const fromCsv = await workspaceWithKey();
    const file = csv(HEADER, row("S-1", '" WELCOME10 ,FREESHIP,,WELCOME10"', "gb"), row("S-2", "", ""));
    const a = await upload("orders", fromCsv.key, { csv: file });
    expect(a.status).toBe(200);
    expect(await segments(fromCsv.workspace.id)).toEqual([
      ["S-1", ["WELCOME10", "FREESHIP"], "GB"],
      ["S-2", [], null],
    ]);

    const fromJson = await workspaceWithKey();
    const line = { title: "Alpha Pro", sku: "AP-1", quantity: 1, unit_price: "50.00", discount: "5.00" };
    const base = { created_at: "2026-03-01T10:00:00-05:00", currency: "USD", customer_id: "c1", line_items: [line] };
    const b = await upload("orders", fromJson.key, {
      json: { rows: [{ ...base, order_id: "S-1", discount_codes: ["WELCOME10", "FREESHIP"], country: "GB" }, { ...base, order_id: "S-2", discount_codes: null }] },
    });
    expect(b.status).toBe(200);
    expect(await segments(fromJson.workspace.id)).toEqual(await segments(fromCsv.workspace.id));
  });

  it("refuses a country that is not an ISO 3166-1 alpha-2 code and too many or too long codes, naming the column", async () => {
    const { workspace, key } = await workspaceWithKey();
    const tooMany = `"${Array.from({ length: 51 }, (_, i) => `C${i}`).join(",")}"`;
    const file = csv(
      HEADER,
      row("B-1", "", "USA"),
      row("B-2", "", "UK"),
      row("B-3", "", "ZZ"),
      row("B-4", tooMany, "US"),
      row("B-5", "X".repeat(256), "US"),
      row("B-6", "OK10", "de"),
    );
    const { status, json } = await upload("orders", key, { csv: file });
    expect(status).toBe(422);
    expect(where(json)).toEqual(["2 country", "3 country", "4 country", "5 discount_codes", "6 discount_codes"]);
    const message = (r: number, field: string) => json.errors.find((e) => e.row === r && e.field === field)!.message;
    expect(message(2, "country")).toContain("ISO 3166-1 alpha-2");
    expect(message(3, "country")).toContain("use GB");
    expect(message(5, "discount_codes")).toContain("At most 50");
    expect(message(6, "discount_codes")).toContain("255");
    expect((await factCounts(workspace.id)).orders).toBe(0);

    const bad = await upload("orders", key, {
      json: { rows: [{ order_id: "J-1", created_at: "2026-03-01T10:00:00Z", currency: "USD", discount_codes: [7], country: 12, line_items: [{ title: "Jar", quantity: 1, unit_price: "1" }] }] },
    });
    expect(bad.status).toBe(422);
    expect(where(bad.json)).toEqual(["1 discount_codes", "1 country"]);
  });

  it("replaces the stored codes and country when the order is imported again", async () => {
    const { workspace, key } = await workspaceWithKey();
    expect((await upload("orders", key, { csv: csv(HEADER, row("R-1", "SPRING20", "US")) })).status).toBe(200);
    expect((await upload("orders", key, { csv: csv(HEADER, row("R-1", '"SPRING20,LOYAL5"', "CA")) })).status).toBe(200);
    expect(await segments(workspace.id)).toEqual([["R-1", ["SPRING20", "LOYAL5"], "CA"]]);
    expect((await upload("orders", key, { csv: csv(HEADER, row("R-1", "", "")) })).status).toBe(200);
    expect(await segments(workspace.id)).toEqual([["R-1", [], null]]);
  });
});
