import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import DouplusPage from "@/app/w/[slug]/douplus/page";
import { currentUser } from "@/lib/auth/session";
import { aggregateDouplus } from "@/lib/douplus/aggregate";
import { syncOrders, syncStats } from "@/lib/douplus/sync";
import { seedMembership, seedUser, seedWorkspace } from "@/lib/seed/factories";
import { douyinConnection, FakeDouyin } from "./fake-douyin";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));

const signIn = (user: { id: string; email: string }) => vi.mocked(currentUser).mockResolvedValue({ id: user.id, email: user.email, name: null });
const text = (html: string) => html.replace(/<[^>]+>/g, " ").replace(/&#x27;/g, "'").replace(/\s+/g, " ");
const render = async (slug: string, searchParams: Record<string, string> = {}) =>
  renderToStaticMarkup(await DouplusPage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve(searchParams) }));

async function synced() {
  const account = await douyinConnection({ name: "Acme Douyin" });
  const now = new Date();
  const api = new FakeDouyin();
  api.orders = [
    { order_id: "1851843077988506", aweme_id: "7578051213799787817", create_time: new Date(now.getTime() - 3_600_000), aweme_title: "Spring try-on" },
    { order_id: "1851843076053052", aweme_id: "7578051213799787817", create_time: new Date(now.getTime() - 3_600_000), aweme_title: "Spring try-on" },
  ];
  api.addStat({ order_id: "1851843077988506", item_id: "7578051213799787817", at: new Date(now.getTime() - 600_000), cost: 10000, plays: 48562 })
    .addStat({ order_id: "1851843076053052", item_id: "7578051213799787817", at: new Date(now.getTime() - 600_000), cost: 9997, plays: 47124 });
  await syncOrders(account.scope, { now, client: api });
  await syncStats(account.scope, { now, client: api });
  await aggregateDouplus(account.workspace.id, now);
  return account;
}

describe("the DOU+ page", () => {
  it("shows a viewer each order's own numbers, the leaderboard and the account's coverage, without a way to reconnect", async () => {
    const { workspace } = await synced();
    const viewer = await seedUser();
    await seedMembership(workspace.id, viewer.id, "viewer");
    signIn(viewer);
    const html = await render(workspace.slug);
    const rows = html.split('data-testid="douplus-order"').slice(1).map(text);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain("¥100.00");
    expect(rows[0]).toContain("48,562");
    expect(rows[1]).toContain("¥99.97");
    expect(rows[1]).toContain("47,124");
    const board = text(html.split('data-testid="douplus-videos"')[1]!);
    expect(board).toContain("Spring try-on");
    expect(board).toContain("95,686");
    expect(text(html)).toContain("coverage: 2 of 2 delivering orders have a bucket in the last hour");
    expect(html).not.toContain("Connect Douyin");
    expect(html).toContain(`href="/api/v1/workspaces/${workspace.slug}/douplus/orders?format=csv"`);
  });

  it("offers admins a connect button when no account is linked, and tells a viewer who can", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    signIn(owner);
    expect(await render(workspace.slug)).toContain("Connect Douyin");
    const viewer = await seedUser();
    await seedMembership(workspace.id, viewer.id, "viewer");
    signIn(viewer);
    const page = text(await render(workspace.slug));
    expect(page).toContain("No Douyin account connected");
    expect(page).toContain("An owner or admin of this workspace can connect one.");
  });

  it("names a bad parameter and answers 404 to another workspace's member", async () => {
    const { workspace, owner } = await synced();
    signIn(owner);
    expect(text(await render(workspace.slug, { sort: "magic" }))).toContain("sort: use one of");
    expect(text(await render(workspace.slug, { period: "year" }))).toContain("period: use one of");
    const stranger = await seedUser();
    await seedWorkspace(stranger.id);
    signIn(stranger);
    await expect(render(workspace.slug)).rejects.toMatchObject({ digest: expect.stringContaining("404") });
  });
});
