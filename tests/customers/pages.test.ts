import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import CustomerPage from "@/app/w/[slug]/customers/[id]/page";
import CustomersPage from "@/app/w/[slug]/customers/page";
import { currentUser } from "@/lib/auth/session";
import { customerIdOf } from "@/lib/customers/customer-id";
import { seedMembership, seedUser } from "@/lib/seed/factories";
import { customerWorkspace, event, profile, storeCustomer } from "./factory";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));
// The profile's tags card refreshes the page through the router, which a server render has not mounted.
vi.mock("next/navigation", async (original) => ({ ...(await original<typeof import("next/navigation")>()), useRouter: () => ({ refresh: vi.fn() }) }));

const signIn = (user: { id: string; email: string }) => vi.mocked(currentUser).mockResolvedValue({ id: user.id, email: user.email, name: null });
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, " ");

async function listPage(slug: string, searchParams: Record<string, string> = {}) {
  return renderToStaticMarkup(await CustomersPage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve(searchParams) }));
}
async function profilePage(slug: string, id: string) {
  return renderToStaticMarkup(await CustomerPage({ params: Promise.resolve({ slug, id }) }));
}

/** What notFound() throws: Next.js answers it with the 404 page. */
async function expectNotFound(render: Promise<unknown>) {
  await expect(render).rejects.toMatchObject({ digest: expect.stringContaining("404") });
}

async function shopWithAnn() {
  const { owner, workspace, shopId } = await customerWorkspace();
  const hash = await storeCustomer(workspace.id, shopId, 11n, "ann.lee@example.com");
  const key = `e:${hash}`;
  await profile(workspace.id, {
    key, emailHash: hash, storeIds: [`${shopId}:11`], connectionId: shopId, firstDay: "2026-01-05", channel: "google",
    titles: ["Alpha Pro"], orders: 1, netSales: "150.00", grossProfit: "90.00",
  });
  await event(workspace.id, { key, connectionId: shopId, orderId: 1n, day: "2026-01-05", netSales: "150.00" });
  return { owner, workspace, shopId, id: customerIdOf(key) };
}

describe("the customers pages", () => {
  it("says what is needed when there are no customers yet", async () => {
    const { owner, workspace } = await customerWorkspace();
    signIn(owner);
    const html = text(await listPage(workspace.slug));
    expect(html).toContain("No customers yet");
    expect(html).toContain("connect a store or import orders");
  });

  it("lists customers with masked emails, sort links, the CSV export and no-model dashes", async () => {
    const { owner, workspace, id } = await shopWithAnn();
    signIn(owner);
    const html = await listPage(workspace.slug, { sort: "net_sales" });
    expect(text(html)).toContain("a***@example.com");
    expect(html).not.toContain("ann.lee@");
    expect(html).toContain(`href="/w/${workspace.slug}/customers/${id}"`);
    expect(html).toContain('title="no model yet"');
    expect(html).toContain(`href="/api/v1/workspaces/${workspace.slug}/customers?sort=net_sales&amp;format=csv"`);
    // The active sort column offers the other direction.
    expect(html).toContain(`href="/w/${workspace.slug}/customers?sort=net_sales&amp;order=asc"`);
    expect(html).toContain('aria-sort="descending"');
    expect(text(html)).toContain("1–1 of 1");
  });

  it("shows a bad filter as a message naming the parameter, not an error page", async () => {
    const { owner, workspace } = await shopWithAnn();
    signIn(owner);
    const html = text(await listPage(workspace.slug, { grain: "day", cohort: "2026-01-01" }));
    expect(html).toContain("grain: unknown value \"day\". Use one of: week, month, quarter.");
  });

  it("shows members the email and viewers a mask on the profile, with the no-model state", async () => {
    const { owner, workspace, id } = await shopWithAnn();
    const [member, viewer] = [await seedUser(), await seedUser()];
    await seedMembership(workspace.id, member.id, "member");
    await seedMembership(workspace.id, viewer.id, "viewer");
    signIn(member);
    const asMember = text(await profilePage(workspace.slug, id));
    expect(asMember).toContain("ann.lee@example.com");
    expect(asMember).toContain("There is no model yet");
    // No order row behind the ledger entry: the store id stands in for its name.
    expect(asMember).toContain("Order 1 $150.00");
    signIn(viewer);
    const asViewer = await profilePage(workspace.slug, id);
    expect(asViewer).not.toContain("ann.lee@");
    expect(text(asViewer)).toContain("a***@example.com");
    signIn(owner);
    expect(text(await profilePage(workspace.slug, id))).toContain("ann.lee@example.com");
  });

  it("answers 404 for another workspace's pages and customers", async () => {
    const { workspace, id } = await shopWithAnn();
    const other = await customerWorkspace();
    signIn(other.owner);
    await expectNotFound(listPage(workspace.slug));
    await expectNotFound(profilePage(workspace.slug, id));
    // Its own workspace has no such customer, and a made-up id is no customer.
    await expectNotFound(profilePage(other.workspace.slug, id));
    await expectNotFound(profilePage(other.workspace.slug, "not-an-id"));
  });
});
