import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import DouplusPage from "@/app/w/[slug]/douplus/page";
import DouplusOrderPage from "@/app/w/[slug]/douplus/orders/[orderId]/page";
import { currentUser } from "@/lib/auth/session";
import { syncOrders, syncStats } from "@/lib/douplus/sync";
import { seedMembership, seedUser } from "@/lib/seed/factories";
import { douyinConnection, FakeDouyin } from "./fake-douyin";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));

const signIn = (user: { id: string; email: string }) => vi.mocked(currentUser).mockResolvedValue({ id: user.id, email: user.email, name: null });
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/&quot;/g, '"').replace(/\s+/g, " ");
const renderOrder = async (slug: string, orderId: string, search: Record<string, string> = {}) =>
  renderToStaticMarkup(await DouplusOrderPage({ params: Promise.resolve({ slug, orderId }), searchParams: Promise.resolve(search) }));

const VIDEO = "7578051213799787817";

async function synced() {
  const account = await douyinConnection({ name: "Acme Douyin" });
  const now = new Date();
  const at = (m: number) => new Date(now.getTime() - m * 60_000);
  const api = new FakeDouyin();
  api.orders = [
    { order_id: "1851843077988506", aweme_id: VIDEO, create_time: at(120), aweme_title: "Spring try-on", budget: 20000 },
    { order_id: "1851843076053052", aweme_id: VIDEO, create_time: at(120), aweme_title: "Spring try-on" },
    { order_id: "1851843070000009", aweme_id: "7578051213799700001", create_time: at(30), aweme_title: "Store visit", status: "AUDITING" },
  ];
  api.addStat({ order_id: "1851843077988506", item_id: VIDEO, at: at(20), cost: 10000, plays: 48562, conversions: 10 })
    .addStat({ order_id: "1851843077988506", item_id: VIDEO, at: at(15), cost: 2345, plays: 1111, conversions: 2 })
    .addStat({ order_id: "1851843076053052", item_id: VIDEO, at: at(20), cost: 9997, plays: 47124, conversions: 9 });
  await syncOrders(account.scope, { now, client: api });
  await syncStats(account.scope, { now, client: api });
  return account;
}

describe("the DOU+ order page", () => {
  it("shows a viewer one order's own 5-minute series and raw fields, linked from the order list", async () => {
    const { workspace, scope } = await synced();
    const viewer = await seedUser();
    await seedMembership(workspace.id, viewer.id, "viewer");
    signIn(viewer);

    const list = renderToStaticMarkup(await DouplusPage({ params: Promise.resolve({ slug: workspace.slug }), searchParams: Promise.resolve({}) }));
    expect(list).toContain(`href="/w/${workspace.slug}/douplus/orders/1851843077988506?account=${scope.connectionId}"`);

    const html = await renderOrder(workspace.slug, "1851843077988506", { account: scope.connectionId });
    const figures = text(html.split('data-testid="douplus-order-figures"')[1]!.split("</dl>")[0]!);
    // Its own two buckets, not the video's three.
    expect(figures).toContain("¥123.45");
    expect(figures).toContain("49,673");
    expect(figures).toContain("Budget ¥200.00");
    const buckets = html.split('data-testid="douplus-order-buckets"')[1]!.split("</table>")[0]!;
    expect(buckets.match(/<tr class/g)).toHaveLength(2);
    expect(text(buckets)).toContain("¥23.45 1,111 2");
    expect(html).toContain('data-testid="douplus-order-chart"');
    const raw = text(html.split('data-testid="douplus-order-raw"')[1]!);
    expect(raw).toContain("aweme_title Spring try-on");
    expect(raw).toContain(`aweme_id ${VIDEO}`);
    // Without the account the platform's order id still finds it.
    expect(text(await renderOrder(workspace.slug, "1851843076053052"))).toContain("¥99.97");
  });

  it("says an order has no delivery yet", async () => {
    const { workspace, owner } = await synced();
    signIn(owner);
    const page = text(await renderOrder(workspace.slug, "1851843070000009"));
    expect(page).toContain("No delivery yet");
    expect(page).toContain("Status auditing");
  });

  it("answers 404 for an unknown order, a malformed id and another workspace's order", async () => {
    const mine = await synced();
    const theirs = await synced();
    signIn(mine.owner);
    const notFound = { digest: expect.stringContaining("404") };
    await expect(renderOrder(mine.workspace.slug, "1851843000000000")).rejects.toMatchObject(notFound);
    await expect(renderOrder(mine.workspace.slug, "../../etc")).rejects.toMatchObject(notFound);
    await expect(renderOrder(mine.workspace.slug, "1851843077988506", { account: theirs.scope.connectionId })).rejects.toMatchObject(notFound);
    // Their order id in my workspace shows my order of that id, never theirs; their workspace is closed to me.
    await expect(renderOrder(theirs.workspace.slug, "1851843077988506")).rejects.toMatchObject(notFound);
  });
});
