import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { fitNowAction } from "@/app/w/[slug]/models/ltv/actions";
import LtvModelPage from "@/app/w/[slug]/models/ltv/page";
import { db } from "@/lib/db/client";
import { localJobsSettled } from "@/lib/jobs/local";
import { seedUser } from "@/lib/seed/factories";
import { signIn } from "../connect/support";
import { freshWorkspace } from "../dashboards/support";
import { workspaceWith } from "../helpers";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));
vi.mock("next/navigation", async (original) => ({ ...(await original<typeof import("next/navigation")>()), useRouter: () => ({ refresh: vi.fn() }) }));

const text = (html: string) =>
  html.replace(/<[^>]+>/g, " ").replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&amp;/g, "&").replace(/\s+/g, " ");
const render = async (slug: string) => renderToStaticMarkup(await LtvModelPage({ params: Promise.resolve({ slug }) }));

const row = (customers: number, orders: number, revenue: string) => ({ customers, predicted_orders: orders + 0.4, actual_orders: orders, predicted_revenue: revenue, actual_revenue: revenue });

async function fitted(workspaceId: string) {
  await db.ltvModel.create({
    data: {
      workspaceId, status: "fitted", parameters: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, p: 6.25, q: 3.74, gamma: 15.44 }, customers: 2357, repeatCustomers: 946,
      calibrationEnd: new Date("2026-11-30T00:00:00Z"), durationMs: 900, fittedAt: new Date("2026-12-01T03:00:00Z"),
      backtest: {
        status: "done", cut_off: "2026-09-01", holdout_from: "2026-09-02", holdout_to: "2026-11-30", holdout_days: 90, customers: 2000, repeat_customers: 800,
        overall: row(2000, 700, "9100.00"), deciles: Array.from({ length: 10 }, (_, i) => ({ decile: i + 1, ...row(200, 70 - i * 5, `${1000 - i * 90}.00`) })),
        cohorts: [{ cohort: "2026-01-01", ...row(150, 40, "600.00") }], mape: { orders: 0.1234, revenue: 0.0876 }, decile_calibration: { orders: 0.05, revenue: 0.06 },
      },
      cohorts: [{ cohort: "2026-01-01", customers: 150, predicted: "88.10" }],
    },
  });
}

describe("the LTV model page", () => {
  it("says there is no model yet and what it needs, with Fit now for the owner", async () => {
    const { owner, workspace } = await freshWorkspace();
    signIn(owner);
    const html = await render(workspace.slug);
    expect(html).toContain('data-testid="ltv-none"');
    expect(text(html)).toContain("at least 100 customers, 30 of them with a repeat order");
    expect(html).toContain('data-testid="ltv-fit-now"');
  });

  it("shows the parameters, the backtest with its deciles and MAPE, and the cohorts; no Fit now for a viewer", async () => {
    const { workspace, members } = await workspaceWith(["viewer"] as const);
    await fitted(workspace.id);
    signIn(members[0]!.user);
    const html = await render(workspace.slug);
    const shown = text(html);
    expect(shown).toContain("α (weeks)");
    expect(shown).toContain("4.414");
    expect(shown).toContain("15.44");
    expect(html).toContain('data-testid="ltv-backtest"');
    expect(html).toContain('data-testid="ltv-decile-chart"');
    expect(shown).toContain("D10");
    expect(shown).toContain("8.8%");
    expect(shown).toContain("$88.10");
    expect(html).not.toContain('data-testid="ltv-fit-now"');
  });

  it("shows not enough data with the counts and minimums, and a failure's reason", async () => {
    const { owner, workspace } = await freshWorkspace();
    const base = { customers: 40, repeatCustomers: 3, calibrationEnd: new Date("2026-11-30T00:00:00Z"), durationMs: 5, fittedAt: new Date() };
    await db.ltvModel.create({ data: { workspaceId: workspace.id, status: "not_enough_data", reason: "The model needs at least 100 customers; there are 40.", ...base } });
    signIn(owner);
    let shown = text(await render(workspace.slug));
    expect(shown).toContain("The model needs at least 100 customers; there are 40.");
    expect(shown).toContain("At least 30 customers who ordered again: there are 3.");
    await db.ltvModel.update({ where: { workspaceId: workspace.id }, data: { status: "failed", reason: "The model could not be fitted (boom)." } });
    signIn(owner);
    shown = text(await render(workspace.slug));
    expect(shown).toContain("The model could not be fitted (boom).");
  });

  it("is not found for someone outside the workspace", async () => {
    const { workspace } = await freshWorkspace();
    await fitted(workspace.id);
    signIn(await seedUser());
    const error = await render(workspace.slug).then(() => null, (e: unknown) => e as { digest?: string });
    expect(error?.digest).toMatch(/^NEXT_HTTP_ERROR_FALLBACK;404/);
  });

  it("lets an admin fit now, and refuses a member", async () => {
    const { workspace, members } = await workspaceWith(["admin", "member"] as const);
    signIn(members[1]!.user);
    expect(await fitNowAction(workspace.slug)).toMatchObject({ ok: false, error: expect.any(String) });
    signIn(members[0]!.user);
    const queued = await fitNowAction(workspace.slug);
    expect(queued).toMatchObject({ ok: true });
    await localJobsSettled();
    const model = await db.ltvModel.findUniqueOrThrow({ where: { workspaceId: workspace.id } });
    expect(model.fittedAt.getTime()).toBeGreaterThanOrEqual(Date.parse((queued as { requestedAt: string }).requestedAt));
  });
});
