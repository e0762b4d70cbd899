import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import ExceptionsPage from "@/app/w/[slug]/exceptions/page";
import { upsertOrderBundles } from "@/lib/stores/ingest";
import { signIn } from "../connect/support";
import { pageText } from "../helpers";
import { exceptionOrder, storeWorkspace } from "./fixture";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));

const render = async (slug: string, search: Record<string, string> = {}) =>
  renderToStaticMarkup(await ExceptionsPage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve(search) }));

const t = (iso: string) => new Date(iso);

describe("the exception orders page", () => {
  it("lists the range's exception orders with reason badges and admin links, filters by reason, and says when there are none", async () => {
    const { owner, workspace, scope } = await storeWorkspace("America/New_York");
    await upsertOrderBundles(scope, [
      exceptionOrder(7001, t("2026-01-09T15:00:00Z"), { cancelledAt: t("2026-01-09T16:00:00Z") }),
      exceptionOrder(7002, t("2026-01-10T15:00:00Z"), { riskLevel: "high" }),
    ]);
    signIn(owner);
    const range = { date_from: "2026-01-09", date_to: "2026-01-10" };
    const html = await render(workspace.slug, range);
    const text = pageText(html);
    expect(text).toContain("#7002");
    expect(text).toContain("High fraud risk");
    expect(text).toContain("Cancelled");
    expect(html).toContain('href="https://admin.shopify.com/store/signalboard-demo/orders/7002"');
    expect(html).toContain(`/api/v1/workspaces/${workspace.slug}/exception-orders?date_from=2026-01-09&amp;date_to=2026-01-10&amp;format=csv`);

    const cancelled = pageText(await render(workspace.slug, { ...range, reason: "cancelled" }));
    expect(cancelled).toContain("#7001");
    expect(cancelled).not.toContain("#7002");

    expect(pageText(await render(workspace.slug, { date_from: "2026-02-01", date_to: "2026-02-02" }))).toContain("No exception orders in this range.");
    expect(pageText(await render(workspace.slug, { reason: "lost" }))).toContain("reason: unknown reason");
  });
});
