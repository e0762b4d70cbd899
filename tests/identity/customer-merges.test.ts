import { setupServer } from "msw/node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { connectCrm } from "@/lib/crm/connect";
import { keyedHash } from "@/lib/crypto/secrets";
import { customerIdOf } from "@/lib/customers/customer-id";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { linkIdentities } from "@/lib/identity/link";
import { listMerges, undoMerge } from "@/lib/identity/merge-admin";
import { visitorStatus } from "@/lib/identity/status";
import { getCustomerJourney } from "@/lib/journeys/build";
import { refreshDirtyRollups } from "@/lib/metrics/rollups/refresh";
import { normalisePhone } from "@/lib/phone/normalise";
import { upsertCustomers, upsertOrderBundles } from "@/lib/stores/ingest";
import { handleCustomersRedact } from "@/lib/stores/webhooks/handlers/compliance";
import { defaultPages, dealPages, HUBSPOT_TOKEN, hubspotHandlers, syncCrm } from "../crm/support";
import { csv, upload, workspaceWithKey } from "../imports/support";
import { line, order } from "../metrics/store-fixture";
import { expectAppError, unique } from "../helpers";
import { ev } from "./support";

vi.mock("@/lib/auth", () => ({ auth: async () => null }));

// One customer across sources: HubSpot's contact 501 (Buyer@Acme.example, "+1 (555) 010-0000"
// in the recorded response), customers imported with "15550100000" and "555-010-0000" (read in
// the workspace's region, the US for USD), and a store customer buying online. Each test runs
// real syncs, imports and rollup refreshes, so each is given a minute.

const server = setupServer(...hubspotHandlers);
beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const PHONE = keyedHash("+15550100000");
const BUYER = `e:${keyedHash("Buyer@Acme.example")}`;
const HEADER = "order_id,created_at,currency,customer_id,customer_email,customer_phone,line_title,line_sku,line_quantity,line_unit_price";

async function connectHubspot(workspaceId: string) {
  dealPages.current = defaultPages();
  const { id } = await connectCrm(workspaceId, "hubspot", { token: HUBSPOT_TOKEN });
  return { workspaceId, connectionId: id };
}

const keysOf = async (workspaceId: string) =>
  (await getPool().query<{ key: string; own: string }>(
    `SELECT COALESCE(merged_into, 'e:' || email_hash, 'c:' || connection_id || ':' || external_id) AS key,
            COALESCE('e:' || email_hash, 'c:' || connection_id || ':' || external_id) AS own
     FROM customers WHERE workspace_id = $1 AND phone_hash = $2 ORDER BY own`,
    [workspaceId, PHONE],
  )).rows;

/** Everything cohorts and LTV read about the workspace's people, as text. */
async function numbers(workspaceId: string) {
  const pool = getPool();
  const profiles = await pool.query(
    `SELECT customer_key, store_ids, first_order_id::text, to_char(first_day, 'YYYY-MM-DD') AS first_day, orders, net_sales::text, net_sales_90::text, net_sales_365::text,
            to_char(last_day, 'YYYY-MM-DD') AS last_day, first_channel
     FROM customer_profiles WHERE workspace_id = $1 ORDER BY customer_key`,
    [workspaceId],
  );
  const events = await pool.query(
    `SELECT customer_key, connection_id, order_id::text, refund_id::text, to_char(day, 'YYYY-MM-DD') AS day, net_sales::text
     FROM customer_events WHERE workspace_id = $1 ORDER BY customer_key, order_id, refund_id`,
    [workspaceId],
  );
  const cells = await pool.query(
    `SELECT grain, segment, segment_value, to_char(cohort, 'YYYY-MM-DD') AS cohort, period_offset, customers, active_customers, orders, net_sales::text
     FROM cohort_cells WHERE workspace_id = $1 ORDER BY 1, 2, 3, 4, 5`,
    [workspaceId],
  );
  return { profiles: profiles.rows, events: events.rows, cells: cells.rows };
}

describe("one customer across sources", () => {
  it("merges a CRM contact and imported customers whose phone is written three ways, recording why and by which run", async () => {
    const { workspace, key } = await workspaceWithKey();
    const file = csv(
      HEADER,
      "M-1,2026-04-01T10:00:00-04:00,USD,imp-1,,15550100000,Alpha Case,AC-1,1,20.00",
      "M-2,2026-04-02T10:00:00-04:00,USD,imp-2,,555-010-0000,Alpha Case,AC-1,1,30.00",
      "M-3,2026-04-02T11:00:00-04:00,USD,imp-3,,555-010-0001,Alpha Case,AC-1,1,7.00",
    );
    const imported = await upload("orders", key, { csv: file });
    expect(imported.json.errors).toEqual([]);
    const importConnection = (await db.connection.findFirstOrThrow({ where: { workspaceId: workspace.id, provider: "import" }, select: { id: true } })).id;
    // The two imported customers sharing the number are one person already, found by the import.
    let merges = (await listMerges(workspace.id)).merges;
    expect(merges).toHaveLength(1);
    expect(merges[0]).toMatchObject({ reason: "phone_hash", evidence: `phone:${PHONE}`, run_id: `import:${importConnection}`, anonymous_id: null });

    const crm = await connectHubspot(workspace.id);
    const { run } = await syncCrm(crm);
    expect(run?.status).toBe("succeeded");
    merges = (await listMerges(workspace.id)).merges;
    expect(merges).toHaveLength(2);
    // The contact's email makes it the survivor (an email person is preferred), found by the CRM's run.
    expect(merges.find((m) => m.run_id === run!.id)).toMatchObject({ customer_id: customerIdOf(BUYER), reason: "phone_hash", evidence: `phone:${PHONE}` });

    // Three records, one number, one person.
    const keys = await keysOf(workspace.id);
    expect(keys).toHaveLength(3);
    expect(new Set(keys.map((k) => k.key))).toEqual(new Set([BUYER]));
    // The other number stays its own customer.
    expect(await db.customer.count({ where: { workspaceId: workspace.id, phoneHash: keyedHash("+15550100001"), mergedInto: null } })).toBe(1);

    await refreshDirtyRollups(workspace.id);
    const { profiles } = await numbers(workspace.id);
    const buyer = profiles.find((p) => p.customer_key === BUYER);
    expect(buyer).toMatchObject({ orders: 2, net_sales: "50.0000", first_day: "2026-04-01", last_day: "2026-04-02" });
    expect(profiles).toHaveLength(2);
  }, 60_000);

  it("un-merging restores both customers' numbers exactly, and the same evidence does not merge them again", async () => {
    const { workspace, key } = await workspaceWithKey();
    const rows = (phoneA: string, phoneB: string) => csv(
      HEADER,
      `U-1,2026-04-01T10:00:00-04:00,USD,cust-a,,${phoneA},Alpha Case,AC-1,1,20.00`,
      `U-2,2026-04-02T10:00:00-04:00,USD,cust-b,,${phoneB},Alpha Case,AC-1,1,30.00`,
      `U-3,2026-05-10T10:00:00-04:00,USD,cust-b,,${phoneB},Alpha Pro,AP-1,2,15.00`,
    );
    // Apart first: different numbers.
    expect((await upload("orders", key, { csv: rows("+1 (555) 010-0000", "555-010-0009") })).json.errors).toEqual([]);
    await refreshDirtyRollups(workspace.id);
    const apart = await numbers(workspace.id);
    expect(apart.profiles.map((p) => [p.orders, p.net_sales])).toEqual(expect.arrayContaining([[1, "20.0000"], [2, "60.0000"]]));

    // The second customer's number corrected to the first's: one person.
    expect((await upload("orders", key, { csv: rows("+1 (555) 010-0000", "15550100000") })).json.errors).toEqual([]);
    await refreshDirtyRollups(workspace.id);
    const together = await numbers(workspace.id);
    expect(together.profiles.map((p) => [p.orders, p.net_sales])).toEqual([[3, "80.0000"]]);
    expect(together.cells).not.toEqual(apart.cells);

    const [merge] = (await listMerges(workspace.id)).merges;
    await expectAppError(undoMerge((await workspaceWithKey()).workspace.id, merge!.id, "user:other"), "not_found");
    await undoMerge(workspace.id, merge!.id, "user:admin");
    await refreshDirtyRollups(workspace.id);
    // Back to the numbers the facts make of two people; the phone still does not merge them again.
    const restored = await numbers(workspace.id);
    expect(restored.profiles.map((p) => [p.orders, p.net_sales])).toEqual(expect.arrayContaining([[1, "20.0000"], [2, "60.0000"]]));
    expect((await upload("orders", key, { csv: rows("+1 (555) 010-0000", "15550100000") })).json.errors).toEqual([]);
    await refreshDirtyRollups(workspace.id);
    expect(await numbers(workspace.id)).toEqual(restored);
    expect(restored.cells).toEqual(apart.cells);
    expect(restored.profiles.map((p) => ({ ...p, customer_key: undefined }))).toEqual(apart.profiles.map((p) => ({ ...p, customer_key: undefined })));
    expect((await listMerges(workspace.id)).merges).toHaveLength(1);
    await expectAppError(undoMerge(workspace.id, merge!.id, "user:admin"), "conflict");
  }, 60_000);

  it("a deal's contact who later buys online is one customer with one journey", async () => {
    const { workspace } = await workspaceWithKey();
    const crm = await connectHubspot(workspace.id);
    await syncCrm(crm);
    // The lead filled a form on the site with their work email, long before buying.
    const [lead, shopper] = [unique("cid"), unique("cid")];
    await linkIdentities(workspace.id, [ev(lead, "identify", { properties: { email: "buyer@acme.example" } })]);
    expect((await visitorStatus(workspace.id, lead)).personKey).toBe(BUYER);

    // Later they buy online with a home email; the store has the number without its "+".
    const store = await db.connection.create({
      data: { workspaceId: workspace.id, provider: "shopify", externalAccountId: `${unique("shop")}.myshopify.com`, displayName: "Store", credentials: "-" },
    });
    const scope = { workspaceId: workspace.id, connectionId: store.id };
    const phone = normalisePhone("15550100000", "US");
    expect(phone).toEqual({ ok: true, e164: "+15550100000" });
    const at = new Date("2026-04-20T15:00:00Z");
    await upsertOrderBundles(scope, [order(7001, "2026-04-20T15:00:00Z", { customerId: 9001n }, [line(7001, "Alpha", 1, "40.00")])]);
    await upsertCustomers(scope, [{ externalId: 9001n, email: "home@example.com", phone: phone.ok ? phone.e164 : null, firstOrderAt: at, ordersCount: 1, tags: [], createdAt: at, updatedAt: at }]);
    await linkIdentities(workspace.id, [ev(shopper, "checkout_completed", { properties: { order_id: "7001", email: "home@example.com" } })]);

    const home = `e:${keyedHash("home@example.com")}`;
    const [survivor, merged] = [BUYER, home].sort();
    const { merges } = await listMerges(workspace.id);
    expect(merges).toEqual([expect.objectContaining({ customer_id: customerIdOf(survivor!), merged_customer_id: customerIdOf(merged!), reason: "phone_hash" })]);
    for (const v of [lead, shopper]) expect((await visitorStatus(workspace.id, v)).personKey).toBe(survivor);

    await refreshDirtyRollups(workspace.id);
    const { profiles } = await numbers(workspace.id);
    expect(profiles).toEqual([expect.objectContaining({ customer_key: survivor, orders: 1, net_sales: "40.0000" })]);
    const journey = await getCustomerJourney(workspace.id, customerIdOf(survivor!), { model: null, window: null }, { revealEmail: false });
    expect(journey.visitors.map((v) => v.anonymous_id).sort()).toEqual([lead, shopper].sort());
    expect(journey.orders.map((o) => o.order_id)).toEqual(["7001"]);
    expect(journey.merges).toEqual([expect.objectContaining({ merged_customer_id: customerIdOf(merged!), reason: "phone_hash", evidence: "phone", anonymous_id: null })]);
    // The merged record has no journey of its own.
    await expectAppError(getCustomerJourney(workspace.id, customerIdOf(merged!), { model: null, window: null }, { revealEmail: false }), "not_found");
  }, 60_000);

  it("a redacted customer's merges go, with the phone that proved them, and the other record stands alone", async () => {
    const { workspace, key } = await workspaceWithKey();
    const store = await db.connection.create({
      data: { workspaceId: workspace.id, provider: "shopify", externalAccountId: `${unique("shop")}.myshopify.com`, displayName: "Store", credentials: "-" },
    });
    const at = new Date("2026-04-20T15:00:00Z");
    await upsertOrderBundles({ workspaceId: workspace.id, connectionId: store.id }, [order(7101, "2026-04-20T15:00:00Z", { customerId: 9101n }, [line(7101, "Alpha", 1, "40.00")])]);
    await upsertCustomers({ workspaceId: workspace.id, connectionId: store.id }, [
      { externalId: 9101n, email: null, phone: "+15550100000", firstOrderAt: at, ordersCount: 1, tags: [], createdAt: at, updatedAt: at },
    ]);
    expect((await upload("orders", key, { csv: csv(HEADER, "R-1,2026-04-01T10:00:00-04:00,USD,imp-9,,555-010-0000,Alpha Case,AC-1,1,20.00") })).json.errors).toEqual([]);
    expect((await listMerges(workspace.id)).merges).toHaveLength(1);
    await refreshDirtyRollups(workspace.id);
    expect((await numbers(workspace.id)).profiles).toHaveLength(1);

    await handleCustomersRedact(
      { workspaceId: workspace.id, connectionId: store.id, webhookId: unique("wh"), topic: "customers/redact" },
      { shop_domain: "x", customer: { id: 9101 }, orders_to_redact: [7101] },
    );
    await refreshDirtyRollups(workspace.id);
    const { rows } = await getPool().query("SELECT evidence FROM identity_merges WHERE workspace_id = $1", [workspace.id]);
    expect(rows).toEqual([]);
    expect(await db.customer.count({ where: { workspaceId: workspace.id, NOT: { mergedInto: null } } })).toBe(0);
    expect(await db.customer.findFirst({ where: { workspaceId: workspace.id, connectionId: store.id }, select: { phoneHash: true } })).toEqual({ phoneHash: null });
    // Two people again: the redacted one under its store id, the imported one under its own.
    expect((await numbers(workspace.id)).profiles.map((p) => p.net_sales).sort()).toEqual(["20.0000", "40.0000"]);
    // A later import does not bring the merge back: the redacted record has no phone left.
    expect((await upload("orders", key, { csv: csv(HEADER, "R-1,2026-04-01T10:00:00-04:00,USD,imp-9,,555-010-0000,Alpha Case,AC-1,1,20.00") })).json.errors).toEqual([]);
    expect((await listMerges(workspace.id)).merges).toEqual([]);
  }, 60_000);
});
