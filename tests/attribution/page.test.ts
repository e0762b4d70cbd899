import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import AttributionPage from "@/app/w/[slug]/attribution/page";
import { fitWorkspaceModels } from "@/lib/attribution/fits";
import { db } from "@/lib/db/client";
import { seedMembership, seedUser } from "@/lib/seed/factories";
import { signIn } from "../connect/support";
import { storeStream } from "../funnels/support";
import { pageText, unique } from "../helpers";
import { workspaceWithSpend } from "./screen-support";
import { attributionStore, before } from "./support";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null }));

const render = async (slug: string, search: Record<string, string> = {}) =>
  renderToStaticMarkup(await AttributionPage({ params: Promise.resolve({ slug }), searchParams: Promise.resolve(search) }));

const RANGE = { date_from: "2026-11-01", date_to: "2026-11-30" };

describe("the attribution page", () => {
  it("explains how to install tracking when nothing is tracked, linking admins to the tracking settings", async () => {
    const { owner, workspace } = await attributionStore();
    signIn(owner);
    const html = await render(workspace.slug);
    expect(html).toContain('data-testid="attribution-empty-no_tracking"');
    expect(html).toContain(`href="/w/${workspace.slug}/settings/tracking"`);
    expect(html).not.toContain('data-testid="attribution-table"');

    const viewer = await seedUser();
    await seedMembership(workspace.id, viewer.id, "viewer");
    signIn(viewer);
    expect(pageText(await render(workspace.slug))).toContain("Ask an admin of this workspace to set up tracking");
  });

  it("says so when visits are tracked but no order has matched yet, with the match rate", async () => {
    const { owner, workspace } = await attributionStore();
    await storeStream(workspace.id, [{ at: before(1).toISOString(), visitor: unique("cid"), event: "page_view" }]);
    signIn(owner);
    const html = await render(workspace.slug, RANGE);
    expect(html).toContain('data-testid="attribution-empty-no_matched_orders"');
    expect(html).toContain('data-testid="match-rate"');
  });

  it("shows the table beside the platforms' claims, the match-rate band and unmatched campaign names, and the CSV of the same query", async () => {
    const { owner, workspace } = await workspaceWithSpend();
    signIn(owner);
    const html = await render(workspace.slug, { ...RANGE, model: "linear", window: "7" });
    const text = pageText(html);
    expect(html).toContain('data-testid="attribution-table"');
    expect(html).toMatch(/data-testid="match-band">Low</);
    expect(text).toContain("50.0% of orders (1 of 2)");
    // The email visit's UTM campaign matched no ad campaign.
    expect(html).toContain('data-testid="unmatched-campaigns"');
    expect(text).toMatch(/Winter · 1/);
    // Google: $5.00 of credit on $4.00 of spend (ROAS 1.25), the platform claiming 3 conversions at ROAS 7.5.
    expect(text).toMatch(/Google 0\.5 0\.5 \$5\.00 \$4\.00 1\.25 \$8\.00 3 7\.5 \+2\.5 \+6\.25/);
    expect(html).toContain(
      `href="/api/v1/workspaces/${workspace.slug}/reports/attribution?model=linear&amp;window=7&amp;group_by=channel&amp;basis=cash&amp;date_from=2026-11-01&amp;date_to=2026-11-30&amp;format=csv"`,
    );
    // The controls carry the query, so the URL is the view.
    expect(html).toMatch(/<option value="linear" selected="">Linear<\/option>/);
  });

  it("offers the choice of conversions only once a CRM is connected, keeping the chosen one in the form and the CSV", async () => {
    const { owner, workspace } = await workspaceWithSpend();
    signIn(owner);
    // No CRM and no credited deal: no choice, the report is of orders.
    expect(await render(workspace.slug, RANGE)).not.toContain('data-testid="attribution-conversion-type"');
    await db.connection.create({
      data: { workspaceId: workspace.id, provider: "hubspot", externalAccountId: unique("portal"), displayName: "HubSpot", credentials: "-" },
    });
    const html = await render(workspace.slug, { ...RANGE, conversion_type: "deal" });
    expect(html).toContain('data-testid="attribution-conversion-type"');
    expect(html).toMatch(/<option value="deal" selected="">Won CRM deals<\/option>/);
    expect(html).toMatch(/reports\/attribution\?[^"]*conversion_type=deal[^"]*format=csv"/);
    // Another workspace's CRM does not make the choice appear here.
    const other = await workspaceWithSpend();
    signIn(other.owner);
    expect(await render(other.workspace.slug, RANGE)).not.toContain('data-testid="attribution-conversion-type"');
  });

  it("shows the model comparison and the data-driven models' evidence", async () => {
    const { owner, workspace } = await workspaceWithSpend();
    signIn(owner);
    const unfitted = pageText(await render(workspace.slug, { ...RANGE, view: "data-driven" }));
    expect(unfitted).toContain("The data-driven models are not fitted yet");
    await fitWorkspaceModels(workspace.id);
    const compare = await render(workspace.slug, { ...RANGE, window: "7", view: "compare", measure: "orders" });
    expect(compare).toContain('data-testid="model-comparison"');
    expect(pageText(compare)).toContain("First touch Last touch Last non-direct Linear Time decay Position-based Markov chain Shapley");
    const evidence = await render(workspace.slug, { ...RANGE, view: "data-driven" });
    expect(evidence).toContain('data-testid="transition-matrix"');
    expect(evidence).toContain('data-testid="removal-effects"');
    expect(evidence).toContain('data-testid="shapley-values"');
    expect(pageText(evidence)).toMatch(/on 1 journey \(1 converting\) of the last 90 days/);
    expect(evidence).toContain('data-testid="match-rate"');
  });

  it("shows a bad parameter's message and the default report, and is not found outside the workspace", async () => {
    const { owner, workspace } = await workspaceWithSpend();
    signIn(owner);
    expect(pageText(await render(workspace.slug, { model: "gut_feeling" }))).toContain('model: unknown value "gut_feeling"');
    signIn(await seedUser());
    await expect(render(workspace.slug)).rejects.toMatchObject({ digest: expect.stringContaining("404") });
  });
});
