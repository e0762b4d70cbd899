import { describe, expect, it } from "vitest";
import { attributeOrdersSince } from "@/lib/attribution/recompute";
import { refreshSessionTouchpoints } from "@/lib/attribution/touchpoints";
import { db } from "@/lib/db/client";
import { getPool, inTransaction } from "@/lib/db/pool";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { ensureMonthPartitions } from "@/lib/tracking/partitions";
import { loadStore } from "../../bench/attribution-data";

// bench:attribution times the product's recompute on a generated store; the figures only mean
// something if the store is attributed the way it was built: six orders in ten found by their
// checkout, two by the customer id, one by the email hash, and guests not at all.

describe("the store of bench:attribution", () => {
  it("is matched by checkout, customer id and email in the shares it was built with, and every matched order is credited", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id, { timeZone: "UTC", currency: "USD" });
    const connection = await db.connection.create({
      data: { workspaceId: workspace.id, provider: "shopify", externalAccountId: "bench-test.myshopify.com", displayName: "Store", credentials: "-" },
    });
    await ensureMonthPartitions(["2026-09", "2026-10", "2026-11", "2026-12"]);
    const { events } = await loadStore({ workspaceId: workspace.id, connectionId: connection.id, sessions: 2_000, orders: 200, firstDay: "2026-09-01", days: 90 });
    expect(events).toBeGreaterThan(2_000 * 4);

    const since = new Date("2026-09-01T00:00:00Z");
    // Every 50th session is a bot's, and never a touchpoint.
    expect(await inTransaction((client) => refreshSessionTouchpoints(client, workspace.id, { since }))).toBe(1_960);
    const result = await attributeOrdersSince(workspace.id, since);
    expect(result).toEqual({ orders: 200, matched: 180 });

    const { rows } = await getPool().query<{ method: string; n: number }>(
      "SELECT method, count(*)::int AS n FROM order_attributions WHERE workspace_id = $1 GROUP BY 1 ORDER BY 1",
      [workspace.id],
    );
    expect(rows).toEqual([{ method: "customer_id", n: 40 }, { method: "email", n: 20 }, { method: "none", n: 20 }, { method: "order_id", n: 120 }]);
    // The order's own session is in its journey, so every matched order is fully credited under last touch.
    const { rows: [credited] } = await getPool().query<{ orders: string; revenue: string; matched_revenue: string }>(
      `SELECT (SELECT sum(orders_micro) FROM attribution_daily WHERE workspace_id = $1 AND basis = 'cash' AND model = 'last_touch' AND window_days = 1 AND NOT paid_only)::text AS orders,
              (SELECT sum(revenue_minor) FROM attribution_daily WHERE workspace_id = $1 AND basis = 'cash' AND model = 'last_touch' AND window_days = 1 AND NOT paid_only)::text AS revenue,
              (SELECT sum(revenue_minor) FROM order_attributions WHERE workspace_id = $1 AND method <> 'none')::text AS matched_revenue`,
      [workspace.id],
    );
    expect(credited).toEqual({ orders: String(180 * 1_000_000), revenue: credited!.matched_revenue, matched_revenue: credited!.matched_revenue });
    expect(BigInt(credited!.matched_revenue)).toBeGreaterThan(0n);
  }, 60_000);
});
