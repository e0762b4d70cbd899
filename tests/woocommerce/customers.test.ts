import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { connectKeyPairStore } from "@/lib/connections/key-pair";
import type { Query, WooAnswer, WooClient } from "@/lib/connectors/woocommerce/client";
import customer from "@/lib/connectors/woocommerce/fixtures/customer.json";
import order from "@/lib/connectors/woocommerce/fixtures/order.json";
import { DEMO_CONSUMER_KEY, DEMO_CONSUMER_SECRET, DEMO_STORE_URL } from "@/lib/connectors/woocommerce/demo/server";
import { createWooSource } from "@/lib/connectors/woocommerce/source";
import { gmtText } from "@/lib/connectors/woocommerce/transform";
import { keyedHash } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { runSlice } from "@/lib/stores/engine";
import { upsertCustomers } from "@/lib/stores/ingest";
import { createRun } from "@/lib/sync/runs";

// WooCommerce cannot list customers by modified time, so an incremental sync reads again the
// customers its changed orders name: a customer who changed their email is up to date with them.

beforeEach(() => vi.stubEnv("DEMO_WOOCOMMERCE_ORDERS", "20"));
afterEach(() => vi.unstubAllEnvs());

/** A store whose only change since the last sync is customer 26's email and one order of theirs. */
function storeWithChangedCustomer(changedAt: Date, asked: Query[]): WooClient {
  const list = <T>(body: T): WooAnswer<T> => ({ body, total: Array.isArray(body) ? body.length : null, totalPages: 1 });
  return {
    storeUrl: DEMO_STORE_URL,
    async get<T>(path: string, query: Query = {}) {
      if (path === "orders") return list([{ ...order, refunds: [], date_modified_gmt: gmtText(changedAt) }]) as WooAnswer<T>;
      if (path === "customers") {
        asked.push(query);
        // The newest registrations: none new. By id: the customer as they are now.
        if (!query.include) return list([]) as WooAnswer<T>;
        return list([{ ...customer, email: "john.new@example.com", date_modified_gmt: gmtText(changedAt) }]) as WooAnswer<T>;
      }
      return list([]) as WooAnswer<T>;
    },
    post: async () => { throw new Error("not used"); },
    index: async () => { throw new Error("not used"); },
  };
}

describe("an incremental WooCommerce sync", () => {
  it("reads again the customers its changed orders name, so a changed email is stored", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const { id: connectionId } = await connectKeyPairStore(workspace.id, "woocommerce", { storeUrl: DEMO_STORE_URL, consumerKey: DEMO_CONSUMER_KEY, consumerSecret: DEMO_CONSUMER_SECRET });
    const scope = { workspaceId: workspace.id, connectionId };
    // As the backfill stored them: customer 26 with their old email.
    await upsertCustomers(scope, [{ externalId: 26n, email: customer.email, firstOrderAt: null, ordersCount: 0, tags: [], createdAt: new Date(`${customer.date_created_gmt}Z`), updatedAt: new Date(`${customer.date_modified_gmt}Z`) }]);

    const changedAt = new Date(Date.now() - 60_000);
    // The backfill handed over to incremental syncs an hour ago.
    for (const resource of ["products", "customers", "orders"]) {
      await db.syncCursor.create({ data: { ...scope, resource, value: new Date(Date.now() - 3_600_000) } });
    }
    const asked: Query[] = [];
    const source = createWooSource(storeWithChangedCustomer(changedAt, asked));
    const { id } = await createRun(scope, "incremental");
    for (let slice = 0; slice < 10; slice++) if ((await runSlice(scope, id, source)).done) break;

    expect(asked.map((q) => q.include ?? null)).toContain("26");
    const stored = await db.customer.findFirstOrThrow({ where: { ...scope, externalId: 26n } });
    expect(stored.emailHash).toBe(keyedHash("john.new@example.com"));
    expect(stored.updatedAt.getTime()).toBe(Math.floor(changedAt.getTime() / 1000) * 1000);
  });
});
