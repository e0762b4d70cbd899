import { describe, expect, it, vi } from "vitest";
import { GET as profileRoute } from "@/app/api/v1/workspaces/[slug]/customers/[id]/route";
import { customerIdOf, customerKeyOf } from "@/lib/customers/customer-id";
import { getCustomerProfile } from "@/lib/customers/profile";
import { ZCustomerProfileSchema } from "@/lib/customers/schema";
import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { addDays } from "@/lib/time/zone";
import { apiKey } from "../dashboards/support";
import { customerWorkspace, event, get, profile, storeCustomer } from "./factory";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));

const today = new Date().toISOString().slice(0, 10);

/** One customer merged from two store ids and one email, with two orders and a refund. */
async function customer() {
  const { owner, workspace, shopId } = await customerWorkspace();
  const hash = await storeCustomer(workspace.id, shopId, 11n, "ann.lee@example.com");
  await storeCustomer(workspace.id, shopId, 12n, "ann.lee@example.com");
  const key = `e:${hash}`;
  // First ordered 100 days ago: the 90-day window has ended, the 180- and 365-day ones have not.
  const firstDay = addDays(today, -100);
  await profile(workspace.id, {
    key, emailHash: hash, storeIds: [`${shopId}:11`, `${shopId}:12`], connectionId: shopId, firstDay, lastDay: addDays(today, -10),
    channel: "google", products: ["101", "title:gift card"], titles: ["Alpha Pro", "Gift card"], groups: ["gear"], codes: ["WELCOME10"],
    tags: ["vip"], country: "US", orders: 2, netSales: "130.00", grossProfit: "70.00", netSales90: "100.00", netSales180: "130.00", netSales365: "130.00",
  });
  await event(workspace.id, { key, connectionId: shopId, orderId: 5001n, day: firstDay, netSales: "100.00", grossProfit: "60.00" });
  await event(workspace.id, { key, connectionId: shopId, orderId: 5001n, refundId: 7001n, day: addDays(firstDay, 3), netSales: "-20.00", grossProfit: "-10.00" });
  await event(workspace.id, { key, connectionId: shopId, orderId: 5002n, day: addDays(today, -10), netSales: "50.00", grossProfit: "20.00" });
  return { owner, workspace, shopId, key, firstDay };
}

describe("customer profile", () => {
  it("shows the merged store ids, first-order facts, LTV windows and the timeline, newest first", async () => {
    const { workspace, shopId, key, firstDay } = await customer();
    const p = await getCustomerProfile(workspace.id, customerIdOf(key), { revealEmail: true });
    expect(ZCustomerProfileSchema.parse(p)).toEqual(p);
    expect(p).toMatchObject({
      email: "ann.lee@example.com", email_masked: false, currency: "USD", first_order_day: firstDay, first_channel: "google",
      first_products: ["Alpha Pro", "Gift card"], first_product_ids: ["101", "title:gift card"], first_product_groups: ["gear"],
      first_discount_codes: ["WELCOME10"], tags: ["vip"], country: "US", orders: 2, net_sales: "130.00", gross_profit: "70.00",
      prediction: null, timeline_truncated: false,
    });
    expect(p.store_ids).toEqual([
      { connection_id: shopId, connection_name: "Main shop", customer_id: "11" },
      { connection_id: shopId, connection_name: "Main shop", customer_id: "12" },
    ]);
    expect(p.ltv_windows).toEqual([
      { days: 90, net_sales: "100.00", complete: true },
      { days: 180, net_sales: "130.00", complete: false },
      { days: 365, net_sales: "130.00", complete: false },
    ]);
    expect(p.timeline.map((e) => [e.kind, e.order_id, e.refund_id, e.net_sales])).toEqual([
      ["order", "5002", null, "50.00"],
      ["refund", "5001", "7001", "-20.00"],
      ["order", "5001", null, "100.00"],
    ]);
  });

  it("masks the email for viewers", async () => {
    const { workspace, key } = await customer();
    const p = await getCustomerProfile(workspace.id, customerIdOf(key), { revealEmail: false });
    expect(p).toMatchObject({ email: "a***@example.com", email_masked: true });
  });

  it("shows the model's prediction once there is one", async () => {
    const { workspace, key } = await customer();
    await db.customerProfile.update({
      where: { workspaceId_customerKey: { workspaceId: workspace.id, customerKey: key } },
      data: {
        pActive: 0.63219, expectedOrders365: 1.4567, predicted90: new Prisma.Decimal("20.5"), predicted180: new Prisma.Decimal("35.12345"),
        predicted365: new Prisma.Decimal("60"), predictedLtv12m: new Prisma.Decimal("190"), predictedAt: new Date("2026-11-30T03:00:00Z"),
      },
    });
    const p = await getCustomerProfile(workspace.id, customerIdOf(key), { revealEmail: true });
    expect(p.prediction).toEqual({
      p_active: 0.6322, expected_orders_365: 1.46, predicted_90: "20.50", predicted_180: "35.12", predicted_365: "60.00",
      predicted_ltv_12m: "190.00", predicted_at: "2026-11-30T03:00:00.000Z",
    });
    expect(p).toMatchObject({ p_active: 0.6322, predicted_ltv_12m: "190.00" });
  });

  it("reads ids as opaque: only a well-formed customer key decodes", () => {
    const key = "c:ckabc123:42";
    expect(customerKeyOf(customerIdOf(key))).toBe(key);
    expect(customerIdOf(key)).toMatch(/^[A-Za-z0-9_-]+$/);
    for (const bad of ["", "nope", customerIdOf("x:1"), customerIdOf("c:a:b"), "%00", `${customerIdOf(key)}=`]) expect(customerKeyOf(bad)).toBeNull();
  });
});

describe("GET /api/v1/workspaces/{slug}/customers/{id}", () => {
  const path = (slug: string, id: string) => `/api/v1/workspaces/${slug}/customers/${id}`;

  it("shows members the email and viewers a mask", async () => {
    const { owner, workspace, key } = await customer();
    const id = customerIdOf(key);
    const asMember = await get(profileRoute, path(workspace.slug, id), { slug: workspace.slug, id }, await apiKey(workspace.id, owner.id, "member"));
    expect(asMember.status).toBe(200);
    expect(((await asMember.json()) as { email: string }).email).toBe("ann.lee@example.com");
    const asViewer = await get(profileRoute, path(workspace.slug, id), { slug: workspace.slug, id }, await apiKey(workspace.id, owner.id, "viewer"));
    expect(((await asViewer.json()) as { email: string }).email).toBe("a***@example.com");
  });

  it("answers 404 for another workspace's customer, another workspace's key and ids that are not ids", async () => {
    const { owner, workspace, key } = await customer();
    const other = await customerWorkspace();
    const otherKey = await apiKey(other.workspace.id, other.owner.id, "owner");
    const id = customerIdOf(key);
    // The customer exists, but not in the caller's workspace.
    expect((await get(profileRoute, path(other.workspace.slug, id), { slug: other.workspace.slug, id }, otherKey)).status).toBe(404);
    expect((await get(profileRoute, path(workspace.slug, id), { slug: workspace.slug, id }, otherKey)).status).toBe(404);
    const ownKey = await apiKey(workspace.id, owner.id, "viewer");
    for (const bad of ["nope", customerIdOf(`c:${other.shopId}:99`), "..%2F"]) {
      const response = await get(profileRoute, path(workspace.slug, bad), { slug: workspace.slug, id: bad }, ownKey);
      expect(response.status, bad).toBe(404);
    }
  });
});
