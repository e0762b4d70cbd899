import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import OwnedChannelsPage from "@/app/w/[slug]/channels/owned/page";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { signIn } from "../connect/support";
import { pageText } from "../helpers";
import { populated } from "./support";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));

const render = async (slug: string, search: Record<string, string> = {}) =>
  renderToStaticMarkup(await OwnedChannelsPage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve(search) }));
const thrown = (promise: Promise<unknown>) => promise.then(() => "", (e: { digest?: string }) => e.digest ?? String(e));
const RANGE = { date_from: "2026-11-01", date_to: "2026-11-30" };

describe("the owned-channel report page", () => {
  it("lists campaigns and flows with the rules, drills into one's messages and orders, and says when there is nothing", async () => {
    const { owner, workspace, welcome } = await populated();
    signIn(owner);
    const html = await render(workspace.slug, RANGE);
    const text = pageText(html);
    expect(text).toContain("Weekly newsletter");
    expect(text).toContain("quiet hours: 3");
    expect(text).toContain("between 2 minutes before and 5 minutes after");
    expect(html).toContain(`/w/${workspace.slug}/channels/owned?date_from=2026-11-01&amp;date_to=2026-11-30&amp;campaign=${welcome.campaign.id}`);

    const drilled = pageText(await render(workspace.slug, { ...RANGE, campaign: welcome.campaign.id }));
    expect(drilled).toContain("Welcome 1");
    expect(drilled).toContain("Orders it led to");
    expect(drilled).toContain("#1002");

    expect(pageText(await render(workspace.slug, { date_from: "2026-02-01", date_to: "2026-02-02" }))).toContain("No sends in this range.");
    expect(pageText(await render(workspace.slug, { channel: "fax" }))).toContain("channel: unknown channel");
  });

  it("is a 404 for another workspace's campaign and for a stranger", async () => {
    const { workspace, weekly } = await populated();
    const stranger = await seedUser();
    const other = await seedWorkspace(stranger.id);
    signIn(stranger);
    expect(await thrown(render(other.slug, { campaign: weekly.campaign.id }))).toMatch(/NEXT_HTTP_ERROR_FALLBACK;404/);
    expect(await thrown(render(workspace.slug))).toMatch(/NEXT_HTTP_ERROR_FALLBACK;404/);
  });
});
