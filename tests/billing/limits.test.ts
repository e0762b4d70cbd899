import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as digests from "@/app/api/v1/workspaces/[slug]/digests/route";
import * as rules from "@/app/api/v1/workspaces/[slug]/alerts/rules/route";
import { createApiKey, revokeApiKey } from "@/lib/api-keys/service";
import { assertMayConnect, planLifting } from "@/lib/billing/limits";
import { PLANS } from "@/lib/billing/plans";
import { saveAdConnection } from "@/lib/connections/credentials";
import { connectKeyPairStore } from "@/lib/connections/key-pair";
import { db } from "@/lib/db/client";
import { createInvitation, revokeInvitation } from "@/lib/invitations/service";
import { workspaceForUser } from "@/lib/tenancy/guard";
import { apiKey, call, freshWorkspace } from "../dashboards/support";
import { expectAppError, unique, uniqueEmail } from "../helpers";
import { slackDestination } from "../notifications/support";
import { billingOn, onPlan } from "./limits-support";

vi.mock("@/lib/auth", () => ({ auth: vi.fn(async () => null) }));
vi.mock("@/lib/jobs/enqueue", () => ({ enqueue: vi.fn(async () => undefined) }));

beforeEach(billingOn);
afterEach(() => vi.unstubAllEnvs());

async function freeWorkspace() {
  const { owner, workspace } = await freshWorkspace();
  await onPlan(workspace.id, "free");
  return { owner, workspace };
}

const tokens = { accessToken: "at", refreshToken: "rt", expiresAt: null, scopes: ["ads"] };
const account = (id = unique("acct")) => ({ id, name: `Account ${id}`, currency: "USD", timeZone: "UTC" });

describe("which plan lifts a limit", () => {
  it("is the first plan by rank whose limit is higher, and none above the largest", () => {
    expect(planLifting(PLANS.free, "storeConnections")).toBe(PLANS.growth);
    expect(planLifting(PLANS.growth, "members")).toBe(PLANS.scale);
    expect(planLifting(PLANS.scale, "members")).toBeNull();
  });
});

describe("API keys over the plan", () => {
  it("allows the limit itself and refuses one more with 402 naming the limit and the plan that lifts it", async () => {
    const { owner, workspace } = await freeWorkspace();
    const actor = { userId: owner.id, role: "owner" as const };
    const first = await createApiKey(workspace.id, actor, { name: "one", role: "viewer" });
    const refused = await expectAppError(createApiKey(workspace.id, actor, { name: "two", role: "viewer" }), "payment_required");
    expect(refused.status).toBe(402);
    expect(refused.message).toBe("API keys: the Free plan allows 1 and this workspace has 1. Growth allows 10: an owner can upgrade under Settings, Billing.");
    expect(await db.apiKey.count({ where: { workspaceId: workspace.id } })).toBe(1);

    // A revoked key frees its place.
    await revokeApiKey(workspace.id, first.apiKey.id);
    await createApiKey(workspace.id, actor, { name: "two", role: "viewer" });
  });

  it("counts a comped plan as that plan, and has no limit at all with billing off", async () => {
    const { owner, workspace } = await freeWorkspace();
    const actor = { userId: owner.id, role: "owner" as const };
    await onPlan(workspace.id, "free", { compPlan: "growth" });
    await createApiKey(workspace.id, actor, { name: "one", role: "viewer" });
    await createApiKey(workspace.id, actor, { name: "two", role: "viewer" });

    await onPlan(workspace.id, "free");
    await expectAppError(createApiKey(workspace.id, actor, { name: "three", role: "viewer" }), "payment_required");
    vi.stubEnv("STRIPE_SECRET_KEY", "");
    await createApiKey(workspace.id, actor, { name: "three", role: "viewer" });
  });
});

describe("members and invitations over the plan", () => {
  it("counts pending invitations as seats: the last seat is allowed, one more refused, a fresh link for the same person allowed", async () => {
    const { owner, workspace } = await freeWorkspace();
    const context = await workspaceForUser(workspace.slug, owner.id, "members.manage");
    const invitee = uniqueEmail("seat");
    const invited = await createInvitation(context, { email: invitee, role: "member" });

    const refused = await expectAppError(createInvitation(context, { email: uniqueEmail("over"), role: "member" }), "payment_required");
    expect(refused.message).toContain("Members: the Free plan allows 2 and this workspace has 2. Growth allows 10");
    // Sending the same person a new link takes no new seat.
    await createInvitation(context, { email: invitee, role: "admin" });

    await revokeInvitation(context, invited.id);
    await createInvitation(context, { email: uniqueEmail("after"), role: "member" });
  });
});

describe("digests and alert rules over the plan", () => {
  it("share one limit over the API: the second allowed, a third refused with 402", async () => {
    const { owner, workspace } = await freshWorkspace();
    const key = await apiKey(workspace.id, owner.id, "member");
    await onPlan(workspace.id, "free");
    const destination = await slackDestination(workspace.id);
    const params = { slug: workspace.slug };
    const digest = { name: "Morning", schedule: { kind: "daily", time: "09:00" }, destination_ids: [destination.id] };
    const rule = { name: "Spend fell", kind: "metric", metric: "ad_spend", method: "change", window: "complete_day", params: { direction: "drop", percent: 25 } };

    expect((await call(digests.POST, { method: "POST", key, params, body: digest })).status).toBe(201);
    expect((await call(rules.POST, { method: "POST", key, params, body: rule })).status).toBe(201);
    const overDigest = await call(digests.POST, { method: "POST", key, params, body: digest });
    const overRule = await call(rules.POST, { method: "POST", key, params, body: rule });
    for (const over of [overDigest, overRule]) {
      expect(over.status).toBe(402);
      expect(over.body).toMatchObject({ error: { code: "payment_required", message: expect.stringContaining("Digests and alert rules: the Free plan allows 2") } });
    }
    expect(await db.digest.count({ where: { workspaceId: workspace.id } })).toBe(1);
    expect(await db.alertRule.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });

  it("checks the input first: a bad body over the limit is still a 400 naming the field", async () => {
    const { owner, workspace } = await freshWorkspace();
    const key = await apiKey(workspace.id, owner.id, "member");
    await onPlan(workspace.id, "free");
    await db.alertRule.createMany({ data: [1, 2].map((i) => ({ workspaceId: workspace.id, name: `r${i}`, kind: "integration" as const, check: "needs_reauth", destinationIds: [] })) });
    const bad = await call(digests.POST, { method: "POST", key, params: { slug: workspace.slug }, body: { name: "" } });
    expect(bad.status).toBe(400);
  });
});

describe("connections over the plan", () => {
  it("allows the last ad account and refuses one more; reconnecting a live one takes no new place", async () => {
    const { workspace } = await freeWorkspace();
    const first = account();
    await saveAdConnection(workspace.id, { provider: "google_ads", account: first, tokens });

    const refused = await expectAppError(saveAdConnection(workspace.id, { provider: "meta_ads", account: account(), tokens }), "payment_required");
    expect(refused.message).toBe("Ad and other connections: the Free plan allows 1 and this workspace has 1. Growth allows 5: an owner can upgrade under Settings, Billing.");
    await saveAdConnection(workspace.id, { provider: "google_ads", account: first, tokens: { ...tokens, accessToken: "renewed" } });
    expect(await db.connection.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });

  it("counts stores apart from ads, leaves demo connections out, and refuses a key-pair store before asking the store", async () => {
    const { workspace } = await freeWorkspace();
    await db.connection.create({ data: { workspaceId: workspace.id, provider: "shopify", externalAccountId: "demo.myshopify.com", displayName: "Demo", credentials: "x", scopes: [], settings: { demo: true } } });
    await saveAdConnection(workspace.id, { provider: "google_ads", account: account(), tokens });
    await assertMayConnect(workspace.id, "shopify", "first.myshopify.com");
    await db.connection.create({ data: { workspaceId: workspace.id, provider: "shopify", externalAccountId: "first.myshopify.com", displayName: "First", credentials: "x", scopes: [] } });

    await assertMayConnect(workspace.id, "shopify", "first.myshopify.com");
    const other = await expectAppError(assertMayConnect(workspace.id, "shopify", "second.myshopify.com"), "payment_required");
    expect(other.message).toContain("Store connections: the Free plan allows 1 and this workspace has 1. Growth allows 3");
    // No store is contacted (there is no mock of one): the limit answers first.
    await expectAppError(connectKeyPairStore(workspace.id, "woocommerce", { storeUrl: "https://shop.example", consumerKey: "ck_x", consumerSecret: "cs_x" }), "payment_required");
  });

  it("gives a disconnected connection's place back, and takes it again on reconnecting", async () => {
    const { workspace } = await freeWorkspace();
    const first = account();
    await saveAdConnection(workspace.id, { provider: "google_ads", account: first, tokens });
    await db.connection.updateMany({ where: { workspaceId: workspace.id }, data: { status: "disconnected" } });
    const second = account();
    await saveAdConnection(workspace.id, { provider: "google_ads", account: second, tokens });
    await expectAppError(saveAdConnection(workspace.id, { provider: "google_ads", account: first, tokens }), "payment_required");
  });
});

/** Runs `creates` at once; the refusals must be 402s, and how many there were is returned. */
async function refusalsOf(creates: Promise<unknown>[]): Promise<number> {
  const settled = await Promise.allSettled(creates);
  const refused = settled.filter((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
  for (const { reason } of refused) expect(reason).toMatchObject({ code: "payment_required", status: 402 });
  return refused.length;
}

describe("two creates at the last place at once", () => {
  it("let exactly one API key through and refuse the other with 402", async () => {
    const { owner, workspace } = await freeWorkspace();
    const actor = { userId: owner.id, role: "owner" as const };
    expect(await refusalsOf([1, 2].map((i) => createApiKey(workspace.id, actor, { name: `k${i}`, role: "viewer" })))).toBe(1);
    expect(await db.apiKey.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });

  it("let exactly one invitation take the last seat", async () => {
    const { owner, workspace } = await freeWorkspace();
    const context = await workspaceForUser(workspace.slug, owner.id, "members.manage");
    expect(await refusalsOf([1, 2].map(() => createInvitation(context, { email: uniqueEmail("race"), role: "member" })))).toBe(1);
    expect(await db.invitation.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });

  it("let exactly one of a digest and an alert rule take the last place over the API", async () => {
    const { owner, workspace } = await freshWorkspace();
    const key = await apiKey(workspace.id, owner.id, "member");
    await onPlan(workspace.id, "free");
    const destination = await slackDestination(workspace.id);
    await db.alertRule.create({ data: { workspaceId: workspace.id, name: "first", kind: "integration", check: "needs_reauth", destinationIds: [] } });
    const params = { slug: workspace.slug };
    const digest = { name: "Morning", schedule: { kind: "daily", time: "09:00" }, destination_ids: [destination.id] };
    const rule = { name: "Spend fell", kind: "metric", metric: "ad_spend", method: "change", window: "complete_day", params: { direction: "drop", percent: 25 } };
    const answers = await Promise.all([call(digests.POST, { method: "POST", key, params, body: digest }), call(rules.POST, { method: "POST", key, params, body: rule })]);
    expect(answers.map((a) => a.status).sort()).toEqual([201, 402]);
    const held = (await db.digest.count({ where: { workspaceId: workspace.id } })) + (await db.alertRule.count({ where: { workspaceId: workspace.id } }));
    expect(held).toBe(2);
  });

  it("let exactly one ad account connect, while reconnecting a live one always passes", async () => {
    const { workspace } = await freeWorkspace();
    expect(await refusalsOf(["google_ads", "meta_ads"].map((provider) => saveAdConnection(workspace.id, { provider: provider as "google_ads", account: account(), tokens })))).toBe(1);
    const live = await db.connection.findFirstOrThrow({ where: { workspaceId: workspace.id }, select: { provider: true, externalAccountId: true } });
    const again = { provider: live.provider as "google_ads", account: account(live.externalAccountId), tokens };
    expect(await refusalsOf([saveAdConnection(workspace.id, again), saveAdConnection(workspace.id, again)])).toBe(0);
    expect(await db.connection.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });

  it("need no transaction with billing off: both pass", async () => {
    const { owner, workspace } = await freeWorkspace();
    vi.stubEnv("STRIPE_SECRET_KEY", "");
    const actor = { userId: owner.id, role: "owner" as const };
    expect(await refusalsOf([1, 2].map((i) => createApiKey(workspace.id, actor, { name: `k${i}`, role: "viewer" })))).toBe(0);
  });
});
