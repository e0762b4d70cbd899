import { attributeOrders } from "@/lib/attribution/recompute";
import { localJobsSettled } from "@/lib/jobs/local";
import { customerIdOf } from "@/lib/customers/customer-id";
import { withoutReadablePersonalData } from "@/lib/tracking/personal-data";
import { storeStream } from "../funnels/support";
import { identityStore, ANN } from "../identity/support";

// Ann's journey, built the way production builds it: events stored and run through the drain's
// consumers (sessions, identity, touchpoints), then her order attributed. Her phone arrives from
// a TikTok ad and identifies with her email; her laptop arrives from the newsletter and completes
// the checkout of order 9002, placed under Bob's store customer (who has no email at the store)
// with Ann's email: that checkout merges Bob's customer into Ann's. The drain's rollup refresh
// builds both customers' profiles from the store's orders.

export const PHONE = "journey-phone";
export const LAPTOP = "journey-laptop";

export async function annJourney() {
  const store = await identityStore();
  const ws = store.workspace.id;
  const tiktok = { utm_source: "tiktok", utm_medium: "paid_social", utm_campaign: "Autumn launch", ttclid: "tt-1" };
  const newsletter = { utm_source: "newsletter", utm_medium: "email", utm_campaign: "November" };
  await storeStream(ws, [
    { visitor: PHONE, at: "2026-10-30T13:00:00Z", event: "page_view", url: "https://shop.example/landing?ttclid=tt-1&email=ann%40example.com", context: tiktok },
    { visitor: PHONE, at: "2026-10-30T13:01:00Z", event: "page_view", url: "https://shop.example/products/alpha" },
    { visitor: PHONE, at: "2026-10-30T13:01:30Z", event: "product_viewed" },
    { visitor: PHONE, at: "2026-10-30T13:03:00Z", event: "identify", properties: withoutReadablePersonalData({ email: ANN }) },
    { visitor: LAPTOP, at: "2026-11-02T10:30:00Z", event: "page_view", url: "https://shop.example/?utm_source=newsletter", context: newsletter },
    { visitor: LAPTOP, at: "2026-11-02T10:35:00Z", event: "product_added_to_cart" },
    { visitor: LAPTOP, at: "2026-11-02T10:36:00Z", event: "product_added_to_cart" },
    { visitor: LAPTOP, at: "2026-11-02T10:40:00Z", event: "checkout_started" },
    { visitor: LAPTOP, at: "2026-11-02T10:59:00Z", event: "checkout_completed", properties: withoutReadablePersonalData({ order_id: 9002, email: ANN }) },
  ]);
  // The drain asks for attribution in the background: let it finish, so nothing changes under the test.
  await localJobsSettled();
  await attributeOrders(ws, [9001n, 9002n].map((orderId) => ({ connectionId: store.connection.id, orderId })));
  return { ...store, annId: customerIdOf(store.ann), bobId: customerIdOf(store.bob) };
}
