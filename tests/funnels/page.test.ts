import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { deleteFunnelAction, saveFunnelAction } from "@/app/w/[slug]/funnels/actions";
import FunnelsPage from "@/app/w/[slug]/funnels/page";
import { listFunnels } from "@/lib/funnels/service";
import { localJobsSettled } from "@/lib/jobs/local";
import { seedMembership, seedUser } from "@/lib/seed/factories";
import { signIn } from "../connect/support";
import { freshWorkspace } from "../dashboards/support";
import { storeStream } from "./support";
import { pageText, formOf } from "../helpers";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
// The builder navigates with the app router, which only exists inside Next.js.
vi.mock("next/navigation", async (original) => ({ ...(await original<typeof import("next/navigation")>()), useRouter: () => ({ push: vi.fn() }) }));

const render = async (slug: string, search: Record<string, string> = {}) =>
  renderToStaticMarkup(await FunnelsPage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve(search) }));

async function trackedWorkspace() {
  const { owner, workspace } = await freshWorkspace();
  const at = (minutes: number) => new Date(Date.now() - 3_600_000 + minutes * 60_000).toISOString();
  await storeStream(workspace.id, [
    { visitor: "a", at: at(0), event: "page_view", url: "https://shop.example/products/a" },
    { visitor: "a", at: at(2), event: "product_viewed" },
    { visitor: "b", at: at(0), event: "page_view" },
  ]);
  return { owner, workspace };
}


describe("the funnels page", () => {
  it("says while the default funnel's summary is being built that its figures come from the events, and not once it is ready", async () => {
    const { owner, workspace } = await trackedWorkspace();
    signIn(owner);
    const building = await render(workspace.slug);
    expect(pageText(building)).toContain("This funnel's summary is being built; until it is ready the figures are read from the events");
    await localJobsSettled();
    const ready = await render(workspace.slug);
    expect(ready).not.toContain('data-testid="funnels-summary-note"');
    const counts = (html: string) => [...html.matchAll(/data-testid="funnel-step-count">([^<]+)</g)].map((m) => m[1]);
    expect(counts(ready)).toEqual(counts(building));
  });

  it("explains how to install tracking when the workspace has no events", async () => {
    const { owner, workspace } = await freshWorkspace();
    signIn(owner);
    const html = await render(workspace.slug);
    expect(html).toContain('data-testid="funnels-no-tracking"');
    expect(pageText(html)).toContain("Install the tracking snippet");
    expect(html).toContain(`href="/w/${workspace.slug}/settings/tracking"`);
  });

  it("draws the funnel's steps with counts, an empty list of saved funnels, and the breakdown table", async () => {
    const { owner, workspace } = await trackedWorkspace();
    signIn(owner);
    const html = await render(workspace.slug, { steps: "page_view,product_viewed", breakdown: "landing_page" });
    expect(html).toContain('data-testid="funnels-none-saved"');
    const counts = [...html.matchAll(/data-testid="funnel-step-count">([^<]+)</g)].map((m) => m[1]);
    expect(counts).toEqual(["2", "1"]);
    expect(pageText(html)).toContain("1 dropped off (50.0%)");
    expect(pageText(html)).toContain("median 2m after it");
    expect(html).toContain('data-testid="funnel-breakdown"');
    expect(pageText(html)).toContain("https://shop.example/products/a");
  });

  it("shows a bad parameter's message and the default funnel instead", async () => {
    const { owner, workspace } = await trackedWorkspace();
    signIn(owner);
    const html = await render(workspace.slug, { window: "0" });
    expect(pageText(html)).toContain("window: The window is at least 1 day. Showing the default funnel instead.");
    expect(pageText(html)).toContain("5. checkout_completed");
  });

  it("saves and deletes funnels through its actions, for members only", async () => {
    const { owner, workspace } = await trackedWorkspace();
    signIn(owner);
    const definition = JSON.stringify({ steps: [{ event: "page_view" }, { event: "product_viewed" }], window_days: 2, count_by: "visitor", breakdown: null });
    const saved = await saveFunnelAction(null, formOf({ slug: workspace.slug, name: "Browse", definition }));
    expect(saved).toMatchObject({ ok: true, message: 'Saved "Browse".' });
    const [funnel] = await listFunnels(workspace.id);
    expect(funnel).toMatchObject({ name: "Browse", window_days: 2 });
    expect(await render(workspace.slug)).toContain(">Browse</a>");

    const bad = await saveFunnelAction(null, formOf({ slug: workspace.slug, name: "Bad", definition: JSON.stringify({ steps: [{ event: "page_view" }] }) }));
    expect(bad).toMatchObject({ ok: false, fields: { steps: expect.any(String) } });

    const viewer = await seedUser();
    await seedMembership(workspace.id, viewer.id, "viewer");
    signIn(viewer);
    expect(await deleteFunnelAction(null, formOf({ slug: workspace.slug, id: funnel!.id }))).toMatchObject({ ok: false });
    signIn(owner);
    expect(await deleteFunnelAction(null, formOf({ slug: workspace.slug, id: funnel!.id }))).toMatchObject({ ok: true });
    expect(await listFunnels(workspace.id)).toEqual([]);
  });
});
