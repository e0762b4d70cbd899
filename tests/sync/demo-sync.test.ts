import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { connectDemoStore } from "@/lib/connections/service";
import { executeRun } from "@/lib/sync/runner";
import { createRun, getRun } from "@/lib/sync/runs";

const noSleep = async () => {};

// The demo store speaks Shopify's protocol, so this runs the real client, bulk reader,
// transforms and engine end to end, with no network.
describe("demo store through the sync engine", () => {
  it("backfills history, then an incremental sync adds nothing twice", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const { id: connectionId } = await connectDemoStore(workspace.id, { orders: 800, seed: 7 });
    const scope = { workspaceId: workspace.id, connectionId };
    const where = { workspaceId: workspace.id, connectionId };

    const backfill = await createRun(scope, "backfill");
    expect(await executeRun(scope, backfill.id, { sleep: noSleep })).toBe("succeeded");
    const run = await getRun(scope, backfill.id);
    const orders = await db.order.count({ where });
    expect(orders).toBeGreaterThan(700);
    expect(await db.orderLineItem.count({ where })).toBeGreaterThan(orders);
    expect(await db.product.count({ where })).toBeGreaterThanOrEqual(25);
    expect(await db.customer.count({ where })).toBeGreaterThan(100);
    expect(run!.rowsWritten).toBeGreaterThan(orders);

    const connection = await db.connection.findFirstOrThrow({ where: { workspaceId: workspace.id, id: connectionId } });
    expect(connection).toMatchObject({ status: "active", timeZone: "America/New_York", currency: "USD" });

    // Demo data has what real stores have: refunds, UTM sources, a shipping-fee line.
    expect(await db.refund.count({ where })).toBeGreaterThan(0);
    const sources = await db.order.groupBy({ by: ["utmSource"], where, _count: { _all: true } });
    expect(sources.map((s) => s.utmSource)).toEqual(expect.arrayContaining(["google", "facebook"]));
    expect(await db.orderLineItem.count({ where: { ...where, title: "Shipping Fee" } })).toBeGreaterThan(0);
    // Discount codes and countries travel through the bulk export (draft orders name theirs on the billing address only).
    expect(await db.order.count({ where: { ...where, countryCode: null } })).toBe(0);
    const countries = await db.order.groupBy({ by: ["countryCode"], where, _count: { _all: true }, orderBy: { _count: { countryCode: "desc" } } });
    expect(countries[0]!.countryCode).toBe("US");
    expect(countries.map((c) => c.countryCode)).toEqual(expect.arrayContaining(["CA", "GB"]));
    const discounted = await db.order.count({ where: { ...where, NOT: { discountCodes: { isEmpty: true } } } });
    expect(discounted / orders).toBeGreaterThan(0.1);
    expect(await db.order.count({ where: { ...where, discountCodes: { has: "WELCOME10" } } })).toBeGreaterThan(0);
    const customer = await db.customer.findFirstOrThrow({ where: { ...where, emailEncrypted: { not: null } } });
    expect(customer.emailEncrypted).toMatch(/^v1\./);
    expect(customer.emailHash).toMatch(/^[0-9a-f]{64}$/);

    const incremental = await createRun(scope, "incremental");
    expect(await executeRun(scope, incremental.id, { sleep: noSleep })).toBe("succeeded");
    expect(await db.order.count({ where })).toBeGreaterThanOrEqual(orders);
    const dupes = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM (SELECT external_id FROM order_line_items WHERE workspace_id = ${workspace.id} GROUP BY external_id HAVING count(*) > 1) d`;
    expect(Number(dupes[0]!.n)).toBe(0);
  }, 90_000);
});
