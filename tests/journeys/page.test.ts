import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import JourneyPage from "@/app/w/[slug]/customers/[id]/journey/page";
import CustomerPage from "@/app/w/[slug]/customers/[id]/page";
import { currentUser } from "@/lib/auth/session";
import { customerIdOf } from "@/lib/customers/customer-id";
import { seedMembership, seedUser } from "@/lib/seed/factories";
import { ORDER_AT, attributionStore, placeOrder } from "../attribution/support";
import { event, profile } from "../customers/factory";
import { annJourney } from "./support";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));
// The profile's tags card refreshes the page through the router, which a server render has not mounted.
vi.mock("next/navigation", async (original) => ({ ...(await original<typeof import("next/navigation")>()), useRouter: () => ({ refresh: vi.fn() }) }));

const signIn = (user: { id: string; email: string }) => vi.mocked(currentUser).mockResolvedValue({ id: user.id, email: user.email, name: null });
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, " ");

async function journeyPage(slug: string, id: string, search: Record<string, string> = {}) {
  return renderToStaticMarkup(await JourneyPage({ params: Promise.resolve({ slug, id }), searchParams: Promise.resolve(search) }));
}

describe("the customer journey page", () => {
  it("draws visits and orders newest first in the workspace time zone, with each touchpoint's credit under the model asked for", async () => {
    const { owner, workspace, annId } = await annJourney();
    signIn(owner);
    const html = await journeyPage(workspace.slug, annId, { model: "linear", window: "7" });
    const page = text(html);
    expect(page).toContain("Journey of Ann@Example.com");
    expect(page).toContain("Times in America/New_York");
    // Order 9002 at 11:00 UTC is 06:00 in New York (daylight saving ended on 1 November); the phone's visit at 13:00 UTC on 30 October is 09:00.
    expect(page).toMatch(/Order #9002 · \$20\.00 · matched by the checkout that reported it 2 Nov 2026, 06:00/);
    expect(page).toContain("Visit · tiktok from tiktok / paid_social · Autumn launch");
    expect(page).toContain("30 Oct 2026, 09:00");
    expect(page).toContain("Landed on https://shop.example/landing");
    expect(page).toContain("Added to cart ×2");
    expect(html).toContain('id="order-9002"');
    // Bob's store customer is merged into Ann, so his later order 9004 is hers too, matched through her visitors.
    expect(html).toContain('id="order-9004"');
    expect(page).toContain("Order #9004 · $20.00 · matched by the customer's email seen on a visitor");
    expect(page.match(/50% · \$10\.00/g)).toHaveLength(4);
    expect(html.indexOf('id="order-9002"')).toBeLessThan(html.indexOf('id="order-9001"'));
    // The model picker keeps the URL's choice.
    expect(html).toMatch(/<option value="linear" selected="">Linear<\/option>/);
    // The identity section: both visitors, the proving events, the merge.
    expect(page).toContain("Email from an identify call");
    expect(page).toContain("Order 9002 from a completed checkout");
    expect(page).toContain("an order or store customer of theirs was seen with this customer's email at checkout");
    expect(page).not.toContain("ann%40");
  });

  it("shows a bad model as a message naming it, with the defaults' credit", async () => {
    const { owner, workspace, annId } = await annJourney();
    signIn(owner);
    const page = text(await journeyPage(workspace.slug, annId, { model: "magic" }));
    expect(page).toContain('model: unknown value "magic"');
    expect(page).toContain("under Last non-direct, 28 days lookback");
  });

  it("masks the email for a viewer", async () => {
    const { workspace, annId } = await annJourney();
    const viewer = await seedUser();
    await seedMembership(workspace.id, viewer.id, "viewer");
    signIn(viewer);
    const page = text(await journeyPage(workspace.slug, annId));
    expect(page).toContain("Journey of A***@Example.com");
    expect(page).not.toContain("Ann@Example.com");
  });

  it("explains how tracking links visitors to a customer without any, and links admins to the tracking settings", async () => {
    const { owner, workspace, connection, scope } = await attributionStore();
    const key = `c:${connection.id}:88`;
    await profile(workspace.id, { key, connectionId: connection.id, firstDay: "2026-11-20" });
    await placeOrder(scope, 8801, ORDER_AT, "15.00", 88n);
    await event(workspace.id, { key, connectionId: connection.id, orderId: 8801n, day: "2026-11-20", netSales: "15.00" });
    signIn(owner);
    const html = await journeyPage(workspace.slug, customerIdOf(key));
    expect(text(html)).toContain("No tracked visit is linked to this customer yet.");
    expect(html).toContain(`href="/w/${workspace.slug}/settings/tracking"`);
    expect(text(html)).toContain("Not attributed yet");
  });

  it("is reached from the customer's profile, each order linking to its place on the journey", async () => {
    const { owner, workspace, annId } = await annJourney();
    signIn(owner);
    const html = renderToStaticMarkup(await CustomerPage({ params: Promise.resolve({ slug: workspace.slug, id: annId }) }));
    expect(html).toContain(`href="/w/${workspace.slug}/customers/${annId}/journey"`);
    expect(html).toContain(`href="/w/${workspace.slug}/customers/${annId}/journey#order-9001"`);
  });

  it("answers 404 for another workspace's customer", async () => {
    const mine = await annJourney();
    const other = await annJourney();
    signIn(other.owner);
    await expect(journeyPage(mine.workspace.slug, mine.annId)).rejects.toMatchObject({ digest: expect.stringContaining("404") });
    // Bob's customer record names this workspace's store: no customer of the other one.
    await expect(journeyPage(other.workspace.slug, mine.bobId)).rejects.toMatchObject({ digest: expect.stringContaining("404") });
  });
});
