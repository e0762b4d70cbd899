import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it, vi } from "vitest";
import { syncNowAction } from "@/app/w/[slug]/connections/actions";
import ConnectionsPage from "@/app/w/[slug]/connections/page";
import { keepConnectionsAction } from "@/app/w/[slug]/settings/billing/actions";
import BillingPage from "@/app/w/[slug]/settings/billing/page";
import { currentUser } from "@/lib/auth/session";
import { chooseKeptConnections, connectionChoices, enforceConnectionLimits, keptConnections, workspacesToCheck } from "@/lib/billing/connection-limits";
import { limitReached } from "@/lib/billing/limits";
import { db } from "@/lib/db/client";
import { seedMembership, seedUser, seedWorkspace } from "@/lib/seed/factories";
import { requestSync } from "@/lib/sync/dispatch";
import { dueSyncs } from "@/lib/sync/scheduler";
import { expectAppError, formOf, pageText, unique } from "../helpers";
import { onPlan } from "./limits-support";
import { billedWorkspace, billingRow, deliver, historyOf, mockStripe, signedRequest, subscriptionEvent, withBillingEnv } from "./support";

vi.mock("@/lib/auth/session", () => ({ currentUser: vi.fn(async () => null) }));
vi.mock("@/lib/auth", () => ({ auth: async () => null, signOut: async () => {} }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));
// The connections page refreshes itself through the app router, which only exists inside Next.js.
vi.mock("next/navigation", async (original) => ({
  ...(await original<typeof import("next/navigation")>()),
  useRouter: () => ({ refresh() {}, push() {}, replace() {} }),
  usePathname: () => "/",
}));

withBillingEnv();
const stripe = mockStripe();

const DAY_MS = 86_400_000;
const signIn = (user: { id: string; email: string }) => vi.mocked(currentUser).mockResolvedValue({ id: user.id, email: user.email, name: null });

/** A connection created `daysAgo` days ago, due for a sync now. */
async function connection(workspaceId: string, provider: string, name: string, daysAgo: number, settings: object = {}) {
  const now = Date.now();
  return db.connection.create({
    data: {
      workspaceId, provider, externalAccountId: unique("acct"), displayName: name, credentials: "sealed", scopes: [], settings,
      createdAt: new Date(now - daysAgo * DAY_MS), nextSyncAt: new Date(now - 60_000), nextRestatementAt: new Date(now + DAY_MS),
    },
  });
}

const pausedIds = async (workspaceId: string) =>
  (await db.connection.findMany({ where: { workspaceId, planPausedAt: { not: null } }, orderBy: { createdAt: "asc" }, select: { id: true } })).map((c) => c.id);
const dueIds = async (workspaceId: string) => (await dueSyncs(new Date(), { workspaceId })).map((d) => d.connectionId).sort();
const sorted = (...ids: string[]) => [...ids].sort();

describe("which connections stay", () => {
  const c = (id: string, paused = false) => ({ id, displayName: id, provider: "shopify", createdAt: new Date(0), paused });
  it("keeps the owner's choice first, then those active now, oldest first, never more than allowed", () => {
    const list = [c("a"), c("b", true), c("c"), c("d")];
    expect([...keptConnections(list, [], 2)]).toEqual(["a", "c"]);
    expect([...keptConnections(list, ["d"], 2)]).toEqual(["d", "a"]);
    expect([...keptConnections(list, ["b", "d", "c"], 2)]).toEqual(["b", "c"]);
    expect([...keptConnections(list, ["gone"], 1)]).toEqual(["a"]);
    expect([...keptConnections([c("a", true), c("b", true)], [], 1)]).toEqual(["a"]);
  });
});

describe("a subscription canceled at its period's end", () => {
  it("asks the owner which stay, pauses the others at the fall-back to Free, and resumes them on upgrade", async () => {
    const { workspace, customer, subscription } = await billedWorkspace();
    const stores = [await connection(workspace.id, "shopify", "Oldest shop", 30), await connection(workspace.id, "woocommerce", "Woo shop", 20), await connection(workspace.id, "shopify", "New shop", 10)];
    const ads = [await connection(workspace.id, "google_ads", "Google", 25), await connection(workspace.id, "meta_ads", "Meta", 5)];
    const demo = await connection(workspace.id, "shopify", "Demo", 40, { demo: true });
    const periodEnd = new Date(Date.now() + 10 * DAY_MS);

    stripe.set({ id: subscription, customer, status: "active", periodEnd });
    await deliver(signedRequest(subscriptionEvent("customer.subscription.created", { id: subscription, customer, status: "active" })));
    stripe.set({ id: subscription, customer, status: "active", periodEnd, cancelAtPeriodEnd: true });
    await deliver(signedRequest(subscriptionEvent("customer.subscription.updated", { id: subscription, customer, status: "active", cancelAtPeriodEnd: true })));
    expect(await billingRow(workspace.id)).toMatchObject({ plan: "growth", status: "active", cancelAtPeriodEnd: true });
    expect((await historyOf(workspace.id)).at(-1)!.message).toMatch(/^Growth \(active\): canceled at the period's end \(\d{4}-\d{2}-\d{2}\), then Free\.$/);
    expect(await pausedIds(workspace.id)).toEqual([]);

    // Asked ahead of the fall-back: the Free plan's limits, the default ticked.
    const choices = (await connectionChoices(workspace.id))!;
    expect(choices.ahead.plan.id).toBe("free");
    expect(choices.ahead.from?.getTime()).toBe(Math.floor(periodEnd.getTime() / 1000) * 1000);
    expect(choices.chosenAt).toBeNull();
    expect(choices.groups.map((g) => [g.limit, g.allowed, g.connections.filter((x) => x.kept).map((x) => x.displayName)])).toEqual([
      ["storeConnections", 1, ["Oldest shop"]],
      ["otherConnections", 1, ["Google"]],
    ]);
    expect(choices.groups[0]!.connections.map((x) => x.id)).not.toContain(demo.id);

    await chooseKeptConnections(workspace.id, { storeConnections: [stores[1]!.id], otherConnections: ads[1]!.id });
    // Still Growth until the period ends: nothing paused yet.
    expect(await pausedIds(workspace.id)).toEqual([]);

    // The period ends: Stripe deletes the subscription.
    stripe.set({ id: subscription, customer, status: "canceled", periodEnd: new Date(Date.now() - 1000), endedAt: new Date() });
    const deleted = subscriptionEvent("customer.subscription.deleted", { id: subscription, customer, status: "canceled" });
    await deliver(signedRequest(deleted));
    expect(sorted(...(await pausedIds(workspace.id)))).toEqual(sorted(stores[0]!.id, stores[2]!.id, ads[0]!.id));
    const paused = await db.connection.findUniqueOrThrow({ where: { workspaceId_id: { workspaceId: workspace.id, id: stores[0]!.id } } });
    expect(paused).toMatchObject({ status: "active", planPausedUnder: "free" });
    const events = await db.billingEvent.findMany({ where: { workspaceId: workspace.id, kind: "connections_paused" }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.message)).toEqual([
      "Paused over the Free plan's limit of 1 store connection: Oldest shop, New shop. Still syncing: Woo shop.",
      "Paused over the Free plan's limit of 1 ad or other connection: Google. Still syncing: Meta.",
    ]);
    expect(events[0]!.stripeEventId).toBe(deleted.id);

    // Paused: not scheduled, a sync refused with 402; the others (and the demo store) run.
    expect(await dueIds(workspace.id)).toEqual(sorted(stores[1]!.id, ads[1]!.id, demo.id));
    const refused = await expectAppError(requestSync({ workspaceId: workspace.id, connectionId: stores[0]!.id }, "incremental"), "payment_required");
    expect(refused.message).toContain("This connection is paused: it is over the Free plan's limit");
    // Usage counts only the active ones: one store, the Free plan's one.
    expect(await limitReached(workspace.id, "storeConnections")).toContain("the Free plan allows 1 and this workspace has 1");

    // An upgrade resumes every one of them, due at once.
    const upgraded = unique("sub");
    stripe.set({ id: upgraded, customer, status: "active", lookupKey: "signalboard_growth_monthly" });
    await deliver(signedRequest(subscriptionEvent("customer.subscription.created", { id: upgraded, customer, status: "active" })));
    expect(await pausedIds(workspace.id)).toEqual([]);
    expect(await dueIds(workspace.id)).toHaveLength(6);
    const resumed = await db.billingEvent.findMany({ where: { workspaceId: workspace.id, kind: "connections_resumed" } });
    expect(resumed.map((e) => e.message).sort()).toEqual(["Resumed: Google (the Growth plan allows 5 ad and other connections).", "Resumed: Oldest shop, New shop (the Growth plan allows 3 store connections)."]);
  });
});

describe("on a plan that allows fewer", () => {
  it("keeps the oldest by default, changes nothing on a second pass, and swaps when the owner chooses others", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const older = await connection(workspace.id, "shopify", "Older", 9);
    const newer = await connection(workspace.id, "woocommerce", "Newer", 3);
    await onPlan(workspace.id, "free");

    expect(await enforceConnectionLimits(workspace.id)).toEqual({ paused: [newer.id], resumed: [] });
    expect(await enforceConnectionLimits(workspace.id)).toEqual({ paused: [], resumed: [] });
    expect(await db.billingEvent.count({ where: { workspaceId: workspace.id, kind: "connections_paused" } })).toBe(1);

    const { outcome } = await chooseKeptConnections(workspace.id, { storeConnections: [newer.id] });
    expect(outcome).toEqual({ paused: [older.id], resumed: [newer.id] });
    expect((await historyOf(workspace.id)).map((e) => e.kind)).toEqual(["connections_paused", "connections_chosen", "connections_paused", "connections_resumed"]);
  });

  it("pauses by the clock when an own trial ends (what the hourly check does), and resumes everything with billing off", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const first = await connection(workspace.id, "google_ads", "First", 2);
    const second = await connection(workspace.id, "google_analytics", "Second", 1);
    // In the trial: Growth's limits, nothing to pause.
    expect(await enforceConnectionLimits(workspace.id)).toEqual({ paused: [], resumed: [] });

    // What the hourly check finds and does, for this workspace only: the whole check would reach other files' workspaces.
    const afterTrial = new Date(Date.now() + 15 * DAY_MS);
    expect(await workspacesToCheck()).toContain(workspace.id);
    expect(await enforceConnectionLimits(workspace.id, afterTrial)).toEqual({ paused: [second.id], resumed: [] });
    expect(await pausedIds(workspace.id)).toEqual([second.id]);
    expect(await pausedIds(workspace.id)).not.toContain(first.id);

    vi.stubEnv("STRIPE_SECRET_KEY", "");
    expect(await enforceConnectionLimits(workspace.id)).toEqual({ paused: [], resumed: [second.id] });
    expect((await historyOf(workspace.id)).at(-1)!.message).toBe("Resumed: Second (billing is off).");
  });

  it("resumes when an operator comps a plan with room", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    await connection(workspace.id, "shopify", "A", 2);
    const b = await connection(workspace.id, "shopify", "B", 1);
    await onPlan(workspace.id, "free");
    await enforceConnectionLimits(workspace.id);
    expect(await pausedIds(workspace.id)).toEqual([b.id]);
    const { setCompPlan } = await import("@/lib/billing/comp");
    await setCompPlan(workspace.id, "growth", null);
    expect(await pausedIds(workspace.id)).toEqual([]);
  });
});

describe("the owner's choice", () => {
  async function freeWithTwoStores() {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const a = await connection(workspace.id, "shopify", "Shop A", 5);
    const b = await connection(workspace.id, "shopify", "Shop B", 4);
    const ad = await connection(workspace.id, "google_ads", "Ads", 3);
    await onPlan(workspace.id, "free");
    await enforceConnectionLimits(workspace.id);
    return { owner, workspace, a, b, ad };
  }

  it("refuses another workspace's connection (404), another kind's or too many (400 naming the field), and changes nothing", async () => {
    const { workspace, a, b, ad } = await freeWithTwoStores();
    const other = await freeWithTwoStores();
    expect((await expectAppError(chooseKeptConnections(workspace.id, { storeConnections: [other.a.id] }), "not_found")).status).toBe(404);
    expect((await expectAppError(chooseKeptConnections(workspace.id, { storeConnections: [unique("nope")] }), "not_found")).status).toBe(404);
    const tooMany = await expectAppError(chooseKeptConnections(workspace.id, { storeConnections: [a.id, b.id] }), "bad_request");
    expect(tooMany.fields).toMatchObject({ storeConnections: "The Free plan keeps 1 store connection active: choose at most 1." });
    const wrongKind = await expectAppError(chooseKeptConnections(workspace.id, { storeConnections: [ad.id] }), "bad_request");
    expect(Object.keys(wrongKind.fields ?? {})).toEqual(["storeConnections"]);
    expect((await billingRow(workspace.id)).keptConnectionIds).toEqual([]);
    expect(await pausedIds(workspace.id)).toEqual([b.id]);
    expect(await pausedIds(other.workspace.id)).toEqual([other.b.id]);
  });

  it("is the owner's alone: an admin is refused, a stranger gets the 404, the owner's choice applies at once", async () => {
    const { owner, workspace, a, b } = await freeWithTwoStores();
    const admin = await seedUser();
    await seedMembership(workspace.id, admin.id, "admin");
    signIn(admin);
    expect(await keepConnectionsAction(null, formOf({ slug: workspace.slug, storeConnections: b.id }))).toMatchObject({ ok: false, error: "Your role does not allow this." });
    const stranger = await seedUser();
    signIn(stranger);
    expect(await keepConnectionsAction(null, formOf({ slug: workspace.slug, storeConnections: b.id }))).toMatchObject({ ok: false });
    expect(await pausedIds(workspace.id)).toEqual([b.id]);

    signIn(owner);
    const other = await freeWithTwoStores();
    expect(await keepConnectionsAction(null, formOf({ slug: workspace.slug, storeConnections: other.b.id }))).toMatchObject({ ok: false, error: "No such connection." });
    expect(await keepConnectionsAction(null, formOf({ slug: workspace.slug, storeConnections: b.id }))).toMatchObject({ ok: true, message: "Saved: Shop B stays. 1 resumed, 1 paused." });
    expect(await pausedIds(workspace.id)).toEqual([a.id]);
  });

  it("is shown on the billing page, and the paused connection says so on the connections page without a sync button", async () => {
    const { owner, workspace, a, b } = await freeWithTwoStores();
    signIn(owner);
    const billing = renderToStaticMarkup((await BillingPage({ params: Promise.resolve({ slug: workspace.slug }), searchParams: Promise.resolve({}) }))!);
    const text = pageText(billing);
    expect(text).toContain("Connections on the Free plan");
    expect(text).toContain("The Free plan keeps 1 store connection syncing.");
    expect(text).toContain("You have not chosen yet, so the connections syncing now stay, oldest first");
    expect(text).toContain("Stores: 1 store connection of 2 stay");
    const input = (id: string) => billing.match(new RegExp(`<input type="radio"[^>]*value="${id}"[^>]*>`))?.[0] ?? "";
    expect(input(a.id)).toContain('checked=""');
    expect(input(b.id)).toMatch(/name="storeConnections"/);
    expect(input(b.id)).not.toContain("checked");
    expect(text).toContain("Paused over the Free plan's limit of 1 store connection: Shop B. Still syncing: Shop A.");

    const page = renderToStaticMarkup(await ConnectionsPage({ params: Promise.resolve({ slug: workspace.slug }), searchParams: Promise.resolve({}) }));
    const cards = page.split('data-testid="connection"').slice(1);
    const paused = cards.find((card) => card.includes("Shop B"))!;
    const active = cards.find((card) => card.includes("Shop A"))!;
    expect(pageText(paused)).toContain("Paused: over the Free plan's limit");
    expect(pageText(paused)).toContain("To resume it, upgrade or choose which connections stay under Settings, Billing");
    expect(paused).not.toContain("Sync now");
    expect(active).toContain("Sync now");
    expect(active).not.toContain("plan-paused");

    // A direct attempt is refused all the same.
    expect(await syncNowAction(null, formOf({ slug: workspace.slug, connectionId: b.id }))).toMatchObject({ ok: false, error: expect.stringContaining("This connection is paused") });
  });
});
