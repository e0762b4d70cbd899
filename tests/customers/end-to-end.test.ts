import { describe, expect, it, vi } from "vitest";
import { GET as listRoute } from "@/app/api/v1/workspaces/[slug]/customers/route";
import { GET as profileRoute } from "@/app/api/v1/workspaces/[slug]/customers/[id]/route";
import { keyedHash } from "@/lib/crypto/secrets";
import { customerIdOf } from "@/lib/customers/customer-id";
import type { TCustomerList, TCustomerProfile } from "@/lib/customers/schema";
import { rebuildRollups } from "@/lib/metrics/rollups/rollup";
import { upsertOrderBundles } from "@/lib/stores/ingest";
import { apiKey } from "../dashboards/support";
import { bundle } from "../sync/fake-source";
import { customerWorkspace, get, storeCustomer } from "./factory";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

// Real orders through the store engine and the rollup build: the list and the profile read what
// the build keeps. Each order is 2 × 50.00 at a unit cost of 20.00 (tests/sync/fake-source.ts):
// 100.00 of net sales and 60.00 of gross profit.

describe("customers from real orders", () => {
  it("merges two store ids with one email into one customer, found by either id or the email", async () => {
    const { owner, workspace, shopId } = await customerWorkspace({ timeZone: "America/New_York" });
    await storeCustomer(workspace.id, shopId, 11n, "Jo.Smith@example.com");
    await storeCustomer(workspace.id, shopId, 12n, "jo.smith@example.com");
    await upsertOrderBundles({ workspaceId: workspace.id, connectionId: shopId }, [
      // 23:30 in New York on 31 January is already February in UTC: the first order's day is 01-31.
      bundle(1, new Date("2026-02-01T04:30:00Z"), { customerId: 11n, utmSource: "google" }),
      bundle(2, new Date("2026-03-10T15:00:00Z"), { customerId: 12n }),
      bundle(3, new Date("2026-02-15T15:00:00Z"), { customerId: 21n, utmSource: "facebook" }),
    ]);
    await rebuildRollups(workspace.id, { fromDay: "2026-01-01", toDay: "2026-03-31" });
    const key = await apiKey(workspace.id, owner.id, "member");
    const list = async (qs: string) =>
      (await (await get(listRoute, `/api/v1/workspaces/${workspace.slug}/customers?${qs}`, { slug: workspace.slug }, key)).json()) as TCustomerList;

    const all = await list("sort=first_order&order=asc");
    expect(all.total).toBe(2);
    const jo = customerIdOf(`e:${keyedHash("jo.smith@example.com")}`);
    expect(all.customers[0]).toMatchObject({
      id: jo, email: "j***@example.com", first_order_day: "2026-01-31", first_channel: "google", orders: 2, net_sales: "200.00",
      gross_profit: "120.00", last_order_day: "2026-03-10", predicted_ltv_12m: null, p_active: null,
    });
    for (const search of ["11", "12", "JO.SMITH@example.com"]) expect((await list(`search=${encodeURIComponent(search)}`)).customers.map((c) => c.id)).toEqual([jo]);
    // January's cohort is Jo alone, active again two months later (March).
    expect((await list("cohort=2026-01-01&grain=month&active_offset=2")).customers.map((c) => c.id)).toEqual([jo]);
    expect((await list("cohort=2026-01-01&grain=month&active_offset=1")).total).toBe(0);

    const response = await get(profileRoute, `/api/v1/workspaces/${workspace.slug}/customers/${jo}`, { slug: workspace.slug, id: jo }, key);
    const profile = (await response.json()) as TCustomerProfile;
    // Both store rows were updated at once: the newer store id's spelling shows, every time.
    expect(profile.email).toBe("jo.smith@example.com");
    expect(profile.store_ids.map((s) => s.customer_id).sort()).toEqual(["11", "12"]);
    expect(profile.timeline.map((e) => [e.kind, e.order_name, e.day, e.net_sales, e.gross_profit])).toEqual([
      ["order", "#2", "2026-03-10", "100.00", "60.00"],
      ["order", "#1", "2026-01-31", "100.00", "60.00"],
    ]);
    expect(profile.ltv_windows.map((w) => [w.days, w.net_sales])).toEqual([[90, "200.00"], [180, "200.00"], [365, "200.00"]]);
  });
});
