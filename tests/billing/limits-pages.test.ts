import { renderToStaticMarkup } from "react-dom/server";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import AlertsPage from "@/app/w/[slug]/alerts/page";
import NewConnectionPage from "@/app/w/[slug]/connections/new/page";
import ConnectionsPage from "@/app/w/[slug]/connections/page";
import DigestsPage from "@/app/w/[slug]/digests/page";
import ApiKeysPage from "@/app/w/[slug]/settings/api-keys/page";
import BillingPage from "@/app/w/[slug]/settings/billing/page";
import MembersPage from "@/app/w/[slug]/settings/members/page";
import { currentUser } from "@/lib/auth/session";
import { createApiKey } from "@/lib/api-keys/service";
import { db } from "@/lib/db/client";
import { seedMembership, seedUser } from "@/lib/seed/factories";
import { freshWorkspace } from "../dashboards/support";
import { pageText } from "../helpers";
import { billingOn, onPlan } from "./limits-support";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null, signOut: async () => {} }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
// The connections page refreshes itself through the app router, which only exists inside Next.js.
vi.mock("next/navigation", async (original) => ({
  ...(await original<typeof import("next/navigation")>()),
  useRouter: () => ({ refresh() {}, push() {}, replace() {} }),
  usePathname: () => "/",
}));

beforeEach(billingOn);
afterEach(() => vi.unstubAllEnvs());

const signIn = (user: { id: string; email: string }) => vi.mocked(currentUser).mockResolvedValue({ id: user.id, email: user.email, name: null });
const params = (slug: string) => ({ params: Promise.resolve({ slug }), searchParams: Promise.resolve({}) });
const html = async (page: Promise<React.ReactElement | null>) => renderToStaticMarkup(await page);
const PROMPT = 'data-testid="upgrade-prompt"';

describe("the billing page's usage", () => {
  it("shows this month's count against every limit of the plan", async () => {
    const { owner, workspace } = await freshWorkspace();
    await createApiKey(workspace.id, { userId: owner.id, role: "owner" }, { name: "one", role: "viewer" });
    await onPlan(workspace.id, "free");
    signIn(owner);
    const text = pageText(await html(BillingPage({ params: Promise.resolve({ slug: workspace.slug }), searchParams: Promise.resolve({}) })));
    const shown = ["API keys 1 of 1", "Members 1 of 2", "Store connections 0 of 1", "Tracked events per month 0 of 10,000", "API requests per month 0 of 1,000", "History shown (days) 90 days"];
    for (const line of shown) expect(text).toContain(line);
  });
});

describe("upgrade prompts where a limit bites", () => {
  it("show on the API keys page once the plan's keys are all used, with the way to billing for owners only", async () => {
    const { owner, workspace } = await freshWorkspace();
    const admin = await seedUser();
    await seedMembership(workspace.id, admin.id, "admin");
    await onPlan(workspace.id, "free");
    signIn(owner);
    expect(await html(ApiKeysPage({ params: Promise.resolve({ slug: workspace.slug }) }))).not.toContain(PROMPT);

    await createApiKey(workspace.id, { userId: owner.id, role: "owner" }, { name: "one", role: "viewer" });
    const forOwner = await html(ApiKeysPage({ params: Promise.resolve({ slug: workspace.slug }) }));
    expect(forOwner).toContain(PROMPT);
    expect(pageText(forOwner)).toContain("API keys: the Free plan allows 1 and this workspace has 1. Growth allows 10");
    expect(forOwner).toContain(`href="/w/${workspace.slug}/settings/billing"`);

    signIn(admin);
    const forAdmin = await html(ApiKeysPage({ params: Promise.resolve({ slug: workspace.slug }) }));
    expect(forAdmin).toContain(PROMPT);
    expect(forAdmin).not.toContain(`/settings/billing"`);
  });

  it("show on the members, connections and alerts pages at their limits, and nowhere with billing off", async () => {
    const { owner, workspace } = await freshWorkspace();
    await seedMembership(workspace.id, (await seedUser()).id, "member");
    await db.connection.create({ data: { workspaceId: workspace.id, provider: "google_ads", externalAccountId: "1", displayName: "Ads", credentials: "x", scopes: [] } });
    await db.alertRule.createMany({ data: [1, 2].map((i) => ({ workspaceId: workspace.id, name: `r${i}`, kind: "integration" as const, check: "needs_reauth", destinationIds: [] })) });
    await onPlan(workspace.id, "free");
    signIn(owner);

    expect(pageText(await html(MembersPage({ params: Promise.resolve({ slug: workspace.slug }) })))).toContain("Members: the Free plan allows 2 and this workspace has 2.");
    const connections = pageText(await html(ConnectionsPage(params(workspace.slug))));
    expect(connections).toContain("Ad and other connections: the Free plan allows 1 and this workspace has 1.");
    expect(connections).not.toContain("Store connections: the Free plan");
    expect(pageText(await html(NewConnectionPage(params(workspace.slug))))).toContain("Ad and other connections: the Free plan allows 1 and this workspace has 1.");
    expect(pageText(await html(AlertsPage(params(workspace.slug))))).toContain("Digests and alert rules: the Free plan allows 2 and this workspace has 2.");
    expect(pageText(await html(DigestsPage({ params: Promise.resolve({ slug: workspace.slug }) })))).toContain("Digests and alert rules: the Free plan allows 2");

    vi.stubEnv("STRIPE_SECRET_KEY", "");
    expect(await html(AlertsPage(params(workspace.slug)))).not.toContain(PROMPT);
    expect(await html(MembersPage({ params: Promise.resolve({ slug: workspace.slug }) }))).not.toContain(PROMPT);
  });
});
