import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import CohortsPage from "@/app/w/[slug]/cohorts/page";
import { seedUser } from "@/lib/seed/factories";
import { localDate } from "@/lib/time/zone";
import { signIn } from "../connect/support";
import { freshWorkspace } from "../dashboards/support";
import { insertCells } from "./factory";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));
// The controls navigate with the app router, which only exists inside Next.js.
vi.mock("next/navigation", async (original) => ({ ...(await original<typeof import("next/navigation")>()), useRouter: () => ({ push: vi.fn() }) }));

const text = (html: string) =>
  html.replace(/<[^>]+>/g, " ").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&").replace(/\s+/g, " ");
const render = async (slug: string, search: Record<string, string> = {}) =>
  renderToStaticMarkup(await CohortsPage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve(search) }));

describe("the cohorts page", () => {
  it("says what is needed when the workspace has no orders", async () => {
    const { owner, workspace } = await freshWorkspace();
    signIn(owner);
    const html = await render(workspace.slug);
    expect(text(html)).toContain("connect a store or import orders");
    expect(html).toContain(`href="/w/${workspace.slug}/imports"`);
  });

  it("draws the heatmap with each cell linking to its customers", async () => {
    const { owner, workspace } = await freshWorkspace();
    const thisMonth = `${localDate(new Date(), workspace.timeZone).slice(0, 7)}-01`;
    await insertCells(workspace.id, [
      { cohort: thisMonth, offset: 0, customers: 3, active: 3, orders: 3, net: "90", profit: "30" },
      { segment: "channel", value: "google", cohort: thisMonth, offset: 0, customers: 3, active: 3, orders: 3, net: "90", profit: "30" },
    ]);
    signIn(owner);
    const html = await render(workspace.slug, { metric: "ltv", segment: "channel", segment_value: "google" });
    expect(html).toContain('data-testid="cohort-heatmap"');
    const link = `/w/${workspace.slug}/customers?cohort=${thisMonth}&amp;grain=month&amp;active_offset=0&amp;segment=channel&amp;segment_value=google`;
    expect(html).toContain(`href="${link}"`);
    expect(text(html)).toContain("$30.00");
  });

  it("shows a bad parameter's message and the default report instead", async () => {
    const { owner, workspace } = await freshWorkspace();
    await insertCells(workspace.id, [{ cohort: "2026-01-01", offset: 0, customers: 1, active: 1, orders: 1, net: "10", profit: "1" }]);
    signIn(owner);
    const html = await render(workspace.slug, { period: "fortnight" });
    expect(text(html)).toContain('period: unknown value "fortnight". Use one of: week, month, quarter.');
  });

  it("is not found for someone outside the workspace", async () => {
    const { workspace } = await freshWorkspace();
    signIn(await seedUser());
    const error = await render(workspace.slug).then(() => null, (e: unknown) => e as { digest?: string });
    expect(error?.digest).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;404/);
  });
});
