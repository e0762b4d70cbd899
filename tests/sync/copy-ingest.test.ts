import { describe, expect, it } from "vitest";
import type { OrderBundle } from "@/lib/connectors/contracts/store-facts";
import { getPool } from "@/lib/db/pool";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { upsertOrderBundles } from "@/lib/stores/ingest";
import { bundle } from "./fake-source";

// A batch of orders the connection has never stored is written with COPY; smaller batches and
// orders already stored go through INSERT … ON CONFLICT. Both must store the very same rows.

type Scope = { workspaceId: string; connectionId: string };

async function scopes(): Promise<[Scope, Scope]> {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id);
  return [
    { workspaceId: workspace.id, connectionId: "copy-path" },
    { workspaceId: workspace.id, connectionId: "upsert-path" },
  ];
}

const at = (minute: number) => new Date(Date.UTC(2026, 9, 1, 12, minute));

/** Orders whose text needs COPY's escaping, with nulls, and with a refund on every third. */
function awkwardOrders(count: number, updatedMinute = 0): OrderBundle[] {
  return Array.from({ length: count }, (_, i) => {
    const b = bundle(1000 + i, at(updatedMinute + (i % 50)), {
      name: `#${i}\ttab\\back\nline\rreturn "quoted", comma`,
      utmCampaign: i % 2 ? null : "spring\\sale",
      landingSite: i % 3 ? "" : null,
      // Array literal syntax inside codes: commas, braces, quotes, backslashes and a NULL that is text.
      discountCodes: i % 4 === 0 ? [] : [`WELCOME${updatedMinute}`, 'a,b{c}"d\\e', "NULL"],
      countryCode: i % 5 === 0 ? null : "CA",
    });
    b.lineItems[0]!.title = "Tee \\N literally";
    b.lineItems[1]!.variantTitle = "\t";
    if (i % 3 === 0) {
      const line = b.lineItems[0]!;
      b.refunds = [{ externalId: BigInt(9000 + i), orderId: b.order.externalId, createdAt: at(59), processedAt: null, totalRefunded: "50.00", shippingRefunded: "0.00", currency: "USD" }];
      b.refundLineItems = [{ externalId: BigInt(90000 + i), refundId: BigInt(9000 + i), orderId: b.order.externalId, lineItemId: line.externalId, quantity: 1, subtotal: "50.00", totalTax: "0.00", restockType: "RETURN" }];
    }
    return b;
  });
}

/** Every stored row of the scope's store tables, without the columns that name the connection or the write time. */
async function stored(scope: Scope) {
  const tables = { orders: "external_id", order_line_items: "external_id", refunds: "external_id", refund_line_items: "external_id" };
  const out: Record<string, unknown[]> = {};
  for (const [table, key] of Object.entries(tables)) {
    const { rows } = await getPool().query(`SELECT * FROM ${table} WHERE workspace_id = $1 AND connection_id = $2 ORDER BY ${key}`, [scope.workspaceId, scope.connectionId]);
    out[table] = rows.map(({ connection_id: _c, synced_at: _s, ...rest }) => rest);
  }
  return out;
}

/** The same orders through the upsert path only (batches below COPY's threshold). */
async function upsertInSmallBatches(scope: Scope, bundles: OrderBundle[]) {
  let rows = 0;
  for (let i = 0; i < bundles.length; i += 10) rows += (await upsertOrderBundles(scope, bundles.slice(i, i + 10))).rows;
  return rows;
}

describe("writing new orders by COPY", () => {
  it("stores exactly what the upsert stores, escaping included, and counts the same rows", async () => {
    const [copyScope, upsertScope] = await scopes();
    const orders = awkwardOrders(120);
    const copied = await upsertOrderBundles(copyScope, orders);
    const upserted = await upsertInSmallBatches(upsertScope, orders);
    expect(copied.rows).toBe(upserted);
    expect(copied.rows).toBe(120 + 240 + 40 + 40);
    const viaCopy = await stored(copyScope);
    expect(viaCopy.orders).toHaveLength(120);
    expect(viaCopy).toEqual(await stored(upsertScope));
    expect(viaCopy.orders![0]).toMatchObject({ name: '#0\ttab\\back\nline\rreturn "quoted", comma', utm_campaign: "spring\\sale", landing_site: null });
    expect(viaCopy.orders![0]).toMatchObject({ discount_codes: [], country_code: null });
    expect(viaCopy.orders![1]).toMatchObject({ discount_codes: ["WELCOME0", 'a,b{c}"d\\e', "NULL"], country_code: "CA" });
  });

  it("updates stored orders and copies new ones in the same batch", async () => {
    const [copyScope, upsertScope] = await scopes();
    const first = awkwardOrders(60);
    await upsertOrderBundles(copyScope, first);
    await upsertInSmallBatches(upsertScope, first);
    // A newer copy of the first 60, with one line instead of two, and 60 orders never seen.
    const edited = awkwardOrders(60, 5).map((b) => ({ ...b, lineItems: b.lineItems.slice(0, 1) }));
    const fresh = awkwardOrders(120).slice(60);
    const batch = [...edited, ...fresh];
    const result = await upsertOrderBundles(copyScope, batch);
    await upsertInSmallBatches(upsertScope, batch);
    const viaCopy = await stored(copyScope);
    expect(viaCopy).toEqual(await stored(upsertScope));
    expect(viaCopy.order_line_items).toHaveLength(60 + 120);
    // The newer copy's codes replaced the stored ones on both paths.
    expect(viaCopy.orders![1]).toMatchObject({ discount_codes: ["WELCOME5", 'a,b{c}"d\\e', "NULL"] });
    expect(result.rows).toBe(120 + 60 + 120 + 40 + 40);
  });

  it("falls back to the upsert when a row it meant to add is already there", async () => {
    const [scope] = await scopes();
    const orders = awkwardOrders(80);
    // A line item stored without its order (as if written by another writer mid-batch): COPY of
    // the lines hits the unique key, the savepoint undoes the copy, and the upsert stores all.
    const orphan = orders[7]!.lineItems[0]!;
    await getPool().query(
      `INSERT INTO order_line_items (workspace_id, connection_id, external_id, order_id, title, quantity, unit_price, total_discount)
       VALUES ($1, $2, $3, $4, 'stale', 9, 1, 0)`,
      [scope.workspaceId, scope.connectionId, orphan.externalId.toString(), orphan.orderId.toString()],
    );
    const result = await upsertOrderBundles(scope, orders);
    const rows = await stored(scope);
    expect(rows.orders).toHaveLength(80);
    expect(rows.order_line_items).toHaveLength(160);
    expect(rows.order_line_items!.find((l) => String((l as { external_id: unknown }).external_id) === orphan.externalId.toString())).toMatchObject({ title: orphan.title, quantity: 1 });
    expect(result.rows).toBe(80 + 160 + 27 + 27);
  });
});
