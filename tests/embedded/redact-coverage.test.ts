import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { recomputeActivity } from "@/lib/activity/recompute";
import { attributeWaitingOrders } from "@/lib/attribution/pending";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { refreshDirtyRollups } from "@/lib/metrics/rollups/refresh";
import { COMPLIANCE_COVERAGE } from "@/lib/stores/compliance/coverage";
import { createTag } from "@/lib/tags/service";
import { changeMembersByHand } from "@/lib/tags/membership";
import { handleCustomersDataRequest, handleCustomersRedact, handleShopRedact } from "@/lib/stores/webhooks/handlers/compliance";
import type { WebhookScope } from "@/lib/stores/webhooks/handlers/types";
import { queuePersons } from "../activity/support";
import { attributionStore, emailHash, placeOrder } from "../attribution/support";
import { unique } from "../helpers";
import { EVE_EMAIL, EVE_SEND_ID, customerWithTags, rowsIn, storeWithShoppers } from "./compliance-support";

// The privacy webhooks against every table: each table of prisma/schema must be classified in
// lib/stores/compliance/coverage.ts, and what the list says is erased, redacted or recomputed is
// checked against a store's data here.

const SCHEMA_DIR = path.join(process.cwd(), "prisma/schema");

function schemaTables(): string[] {
  const tables: string[] = [];
  for (const file of fs.readdirSync(SCHEMA_DIR).filter((f) => f.endsWith(".prisma"))) {
    const text = fs.readFileSync(path.join(SCHEMA_DIR, file), "utf8");
    for (const model of text.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)) {
      const mapped = /@@map\("([^"]+)"\)/.exec(model[2]!);
      tables.push(mapped ? mapped[1]! : model[1]!);
    }
  }
  return tables.sort();
}

const scopeOf = (workspaceId: string, connectionId: string, topic: WebhookScope["topic"]): WebhookScope => ({ workspaceId, connectionId, topic, webhookId: unique("wh") });

const EVE_SEND = `send_id IN (SELECT id FROM owned_sends s WHERE s.workspace_id = $1 AND s.send_id = '${EVE_SEND_ID}')`;
type Ctx = { eve: string; eveLater: string; eveKey: string; hash: string };
/** For each table customers/redact erases, redacts or recomputes: Eve's rows that must be gone afterwards. */
const EVE_ROWS: Record<string, (c: Ctx) => [string, unknown[]]> = {
  orders: () => ["external_id = 8001 AND (landing_site IS NOT NULL OR referring_site IS NOT NULL)", []],
  customers: () => ["external_id = 801 AND (email_hash IS NOT NULL OR email_encrypted IS NOT NULL OR cardinality(tags) > 0)", []],
  customer_profiles: (c) => ["customer_key = $2 OR email_hash = $3 OR 'vip-eve' = ANY(tags)", [c.eveKey, c.hash]],
  customer_events: (c) => ["customer_key = $2", [c.eveKey]],
  cohort_cells: () => ["segment = 'tag' AND segment_value = 'vip-eve'", []],
  attribution_touchpoints: (c) => ["anonymous_id = $2", [c.eve]],
  order_attributions: (c) => ["person_key = $2 OR anonymous_id = $3", [c.eveKey, c.eve]],
  attribution_order_credits: () => ["order_id = 8001 AND credits::text LIKE '%google%'", []],
  visitors: (c) => ["anonymous_id = $2", [c.eve]],
  identity_links: (c) => ["anonymous_id = $2 OR value = $3", [c.eve, c.hash]],
  identity_ties: (c) => ["anonymous_id = $2 OR value_a = $3 OR value_b = $3", [c.eve, c.hash]],
  identity_merges: (c) => ["person_key = $2 OR merged_key = $2", [c.eveKey]],
  tracked_events: (c) => ["anonymous_id = $2", [c.eve]],
  tracked_sessions: (c) => ["anonymous_id = $2", [c.eve]],
  funnel_event_times: (c) => ["anonymous_id = $2", [c.eve]],
  popup_assignments: (c) => ["anonymous_id = $2", [c.eve]],
  funnel_progress: (c) => ["unit = 'a:' || $2 OR unit = 'p:' || $3", [c.eve, c.eveKey]],
  customer_data_exports: () => ["customer_external_id = 801", []],
  tracking_inbox: (c) => ["events::text LIKE '%' || $2 || '%' OR events::text LIKE '%' || $3 || '%' OR events::text LIKE '%' || $4 || '%'", [c.eve, c.eveLater, c.hash]],
  owned_sends: (c) => ["recipient_email_hash = $2 OR recipient_customer_id = '801'", [c.hash]],
  owned_clicks: () => [`${EVE_SEND} AND (visitor_id IS NOT NULL OR ip_hash IS NOT NULL OR ip_prefix IS NOT NULL OR user_agent_hash IS NOT NULL)`, []],
  owned_opens: () => [`${EVE_SEND} AND (ip_hash IS NOT NULL OR ip_prefix IS NOT NULL)`, []],
  owned_conversions: (c) => ["anonymous_id = $2", [c.eve]],
  person_tags: (c) => ["person_key = $2", [c.eveKey]],
  person_tag_history: (c) => ["person_key = $2", [c.eveKey]],
  person_activity: (c) => ["person_key = $2", [c.eveKey]],
  person_activity_history: (c) => ["person_key = $2", [c.eveKey]],
  activity_pending: (c) => ["person_key = $2", [c.eveKey]],
};

/**
 * Every table with a workspace id whose rows mention one of Eve's identifiers anywhere (any
 * column, JSON included), whatever the coverage list claims: a table the list wrongly keeps
 * shows up here, which the per-table probes above (written from the list) cannot catch.
 */
async function tablesNaming(workspaceId: string, needles: string[]): Promise<Record<string, number>> {
  const { rows: tables } = await getPool().query<{ table_name: string }>(
    "SELECT c.table_name FROM information_schema.columns c JOIN pg_class p ON p.relname = c.table_name AND NOT p.relispartition WHERE c.table_schema = current_schema() AND c.column_name = 'workspace_id' ORDER BY 1",
  );
  const found: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    const n = await rowsIn(table, workspaceId, `EXISTS (SELECT 1 FROM unnest($2::text[]) AS needle WHERE strpos(row_to_json(${table})::text, needle) > 0)`, [needles]);
    if (n > 0) found[table] = n;
  }
  return found;
}
/** Recomputed tables whose rows cannot name Eve, checked by their totals instead (below). */
const CHECKED_BY_TOTALS = ["sessions_daily", "sessions_periods"];

describe("the privacy webhooks' coverage of the schema", () => {
  it("classifies every table of prisma/schema, and names no table that is not there", () => {
    const listed = Object.keys(COMPLIANCE_COVERAGE).sort();
    expect(listed).toEqual(schemaTables());
    for (const [table, coverage] of Object.entries(COMPLIANCE_COVERAGE)) {
      for (const handling of [coverage.customer, coverage.shop]) expect(handling.why.length, table).toBeGreaterThan(10);
    }
  });

  it("has no table in the database outside prisma/schema (partitions aside)", async () => {
    const { rows } = await getPool().query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> '_prisma_migrations'`,
    );
    expect(rows.map((r) => r.name).sort()).toEqual(schemaTables());
  });

  it("checks a row of Eve's for every table customers/redact erases or redacts", () => {
    const handled = Object.entries(COMPLIANCE_COVERAGE).filter(([, c]) => c.customer.how !== "kept").map(([t]) => t).sort();
    expect([...Object.keys(EVE_ROWS), ...CHECKED_BY_TOTALS].sort()).toEqual(handled);
  });
});

describe("customers/redact", () => {
  it("leaves no row naming the customer in any table the coverage list says it handles, and keeps the other shopper's", async () => {
    const store = await storeWithShoppers();
    const { ws, connection } = store;
    await getPool().query(
      "INSERT INTO rollup_dirty_days (workspace_id, family, day) SELECT DISTINCT workspace_id, 'traffic', day FROM tracked_sessions WHERE workspace_id = $1 ON CONFLICT DO NOTHING",
      [ws],
    );
    await refreshDirtyRollups(ws);
    const vip = await createTag(ws, { name: "VIP" }, null);
    await changeMembersByHand(ws, vip.id, { add: [store.eveKey, `c:${connection.id}:802`] });
    // Her activity scored, and a recompute of her waiting.
    await recomputeActivity(ws, "all");
    await queuePersons(ws, [store.eveKey]);
    const ctx: Ctx = { eve: store.eve, eveLater: store.eveLater, eveKey: store.eveKey, hash: emailHash(EVE_EMAIL) };
    const needles = [store.eve, store.eveLater, store.eveKey, emailHash(EVE_EMAIL)];
    const namingBefore = await tablesNaming(ws, needles);
    expect(namingBefore.tracking_inbox).toBe(1);
    const eveRows = async () => {
      const counts: Record<string, number> = {};
      for (const [table, probe] of Object.entries(EVE_ROWS)) counts[table] = await rowsIn(table, ws, ...probe(ctx));
      return counts;
    };
    await handleCustomersDataRequest(scopeOf(ws, connection.id, "customers/data_request"), { customer: { id: 801 }, orders_requested: [8001] });
    const sessionsCounted = async () => Number((await getPool().query<{ n: string }>("SELECT COALESCE(sum(sessions), 0)::text AS n FROM sessions_daily WHERE workspace_id = $1", [ws])).rows[0]!.n);
    const beforeRows = await eveRows();
    // Each check finds Eve before, so each can fail.
    for (const [table, n] of Object.entries(beforeRows)) expect(n, table).toBeGreaterThan(0);
    expect(await sessionsCounted()).toBe(2);
    const bobBefore = await rowsIn("tracked_sessions", ws, "anonymous_id = $2", [store.bob]);

    await handleCustomersRedact(scopeOf(ws, connection.id, "customers/redact"), { customer: { id: 801, email: EVE_EMAIL }, orders_to_redact: [8001] });
    // What the webhook's processing does after every handler, then the minute sweep of waiting orders.
    await refreshDirtyRollups(ws);
    await attributeWaitingOrders(ws);

    expect(await eveRows()).toEqual(Object.fromEntries(Object.keys(beforeRows).map((t) => [t, 0])));
    expect(await tablesNaming(ws, needles)).toEqual({});
    // Bob's waiting event stays in the inbox, for the drain.
    expect(await rowsIn("tracking_inbox", ws, "events::text LIKE '%' || $2 || '%'", [store.bob])).toBe(1);
    expect(await sessionsCounted()).toBe(1);
    expect(await rowsIn("person_tags", ws, "person_key = $2", [`c:${connection.id}:802`])).toBe(1);
    expect(await rowsIn("tracked_sessions", ws, "anonymous_id = $2", [store.bob])).toBe(bobBefore);
    // Her order still counts, under her store id alone.
    expect(await rowsIn("customer_profiles", ws, "customer_key = $2", [`c:${connection.id}:801`])).toBe(1);
    expect(await rowsIn("customer_profiles", ws, "customer_key = $2", [`c:${connection.id}:802`])).toBe(1);
  });
});

describe("shop/redact", () => {
  it("leaves no row of the store in any table with a connection id but those the list keeps, and the other store's figures as they were", async () => {
    const base = await attributionStore();
    const ws = base.workspace.id;
    // Another store of the same workspace, with a customer of the same email.
    const other = await db.connection.create({
      data: { workspaceId: ws, provider: "shopify", externalAccountId: `${unique("shop")}.myshopify.com`, displayName: "Other", credentials: "-" },
    });
    const otherScope = { workspaceId: ws, connectionId: other.id };
    await customerWithTags(otherScope, 901n, EVE_EMAIL, []);
    await placeOrder(otherScope, 9901, new Date("2026-11-10T12:00:00Z"), "30.00", 901n);
    await refreshDirtyRollups(ws);
    const figures = async () => {
      const { rows } = await getPool().query(
        `SELECT (SELECT COALESCE(sum(gross_sales), 0)::text FROM sales_daily WHERE workspace_id = $1) AS sales,
                (SELECT COALESCE(sum(orders), 0)::text FROM sales_daily WHERE workspace_id = $1) AS orders,
                (SELECT COALESCE(sum(customers), 0)::text FROM cohort_cells WHERE workspace_id = $1 AND segment = 'all' AND grain = 'month' AND period_offset = 0) AS cohort,
                (SELECT COALESCE(sum(revenue_minor), 0)::text FROM attribution_daily WHERE workspace_id = $1) AS attributed,
                (SELECT array_agg(customer_key || ' ' || orders ORDER BY customer_key) FROM customer_profiles WHERE workspace_id = $1) AS people`,
        [ws],
      );
      return rows[0];
    };
    const otherOnly = await figures();

    const store = await storeWithShoppers(base);
    await db.webhookReceipt.create({ data: { workspaceId: ws, connectionId: base.connection.id, webhookId: unique("wh"), topic: "orders/create", payload: "sealed" } });
    await db.exceptionOrderCheck.create({ data: { workspaceId: ws, connectionId: base.connection.id, orderId: 8001n, dueAt: new Date() } });
    await handleCustomersDataRequest(scopeOf(ws, base.connection.id, "customers/data_request"), { customer: { id: 801 }, orders_requested: [8001] });
    const tables = (
      await getPool().query<{ table_name: string }>(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'connection_id' ORDER BY 1",
      )
    ).rows.map((r) => r.table_name).filter((t) => t in COMPLIANCE_COVERAGE);
    const connectionRows = async (connectionId: string) => {
      const counts: Record<string, number> = {};
      for (const table of tables) counts[table] = await rowsIn(table, ws, "connection_id = $2", [connectionId]);
      return counts;
    };
    const before = await connectionRows(base.connection.id);
    expect(before.orders).toBe(2);
    expect(before.order_attributions).toBe(2);
    expect(before.customer_data_exports).toBe(1);
    const otherBefore = await connectionRows(other.id);
    await db.connection.update({ where: { workspaceId_id: { workspaceId: ws, id: base.connection.id } }, data: { status: "disconnected" } });

    const summary = await handleShopRedact(scopeOf(ws, base.connection.id, "shop/redact"), { shop_domain: "x.myshopify.com" });
    expect(summary).toMatch(/^erased: 2 orders/);

    const after = await connectionRows(base.connection.id);
    for (const table of tables) {
      const handling = COMPLIANCE_COVERAGE[table]!.shop.how;
      if (handling === "kept") continue;
      expect(after[table], table).toBe(0);
    }
    expect(after.compliance_requests).toBe(2);
    // Tracking tied to the store's customers is gone (Eve, Bob); the other store's rows are untouched.
    for (const table of ["visitors", "tracked_events", "tracked_sessions", "funnel_event_times", "attribution_touchpoints", "identity_links", "identity_merges"]) {
      expect(await rowsIn(table, ws, "anonymous_id IN ($2, $3)", [store.eve, store.bob]), table).toBe(0);
    }
    expect(await rowsIn("tracking_inbox", ws, "events::text LIKE '%' || $2 || '%' OR events::text LIKE '%' || $3 || '%'", [store.eve, store.bob])).toBe(0);
    const otherAfter = await connectionRows(other.id);
    delete otherAfter.compliance_requests;
    delete otherBefore.compliance_requests;
    expect(otherAfter).toEqual(otherBefore);
    expect(await figures()).toEqual(otherOnly);
  });
});
