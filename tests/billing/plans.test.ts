import { describe, expect, it, vi } from "vitest";
import { planById, planOfLookupKey, PLANS } from "@/lib/billing/plans";
import { billingOf } from "@/lib/billing/state";
import { COMMANDS } from "@/lib/cli/commands";
import { db } from "@/lib/db/client";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { expectAppError, expectAppErrorSync } from "../helpers";
import { billedWorkspace, historyOf, mockStripe, withBillingEnv } from "./support";

withBillingEnv();
const stripe = mockStripe();
const DAY_MS = 86_400_000;

async function newWorkspace(timeZone = "America/New_York") {
  const owner = await seedUser();
  const workspace = await seedWorkspace(owner.id, { timeZone });
  const { createdAt } = await db.workspace.findUniqueOrThrow({ where: { id: workspace.id }, select: { createdAt: true } });
  return { workspace, createdAt };
}

describe("the plan registry", () => {
  it("refuses an unknown plan id with a 400 naming the field", () => {
    const error = expectAppErrorSync(() => planById("enterprise"), "bad_request");
    expect(error.fields).toEqual({ plan: expect.stringContaining("free, growth, scale") });
    expect(planById("scale")).toBe(PLANS.scale);
  });

  it("finds a plan and interval by a Price's lookup key, and nothing for a key it does not know", () => {
    expect(planOfLookupKey("signalboard_growth_yearly")).toEqual({ plan: PLANS.growth, interval: "yearly" });
    expect(planOfLookupKey("someone_elses_price")).toBeNull();
    expect(planOfLookupKey(null)).toBeNull();
  });

  it("gives every paid plan a higher limit than the plan below it", () => {
    const [free, growth, scale] = [PLANS.free, PLANS.growth, PLANS.scale];
    for (const key of Object.keys(free.limits) as (keyof typeof free.limits)[]) {
      expect(growth.limits[key], key).toBeGreaterThan(free.limits[key]);
      expect(scale.limits[key], key).toBeGreaterThan(growth.limits[key]);
    }
  });
});

describe("a new workspace's trial", () => {
  it("is 14 days of Growth without a card, counted in the workspace's days, then Free", async () => {
    const { workspace, createdAt } = await newWorkspace();
    expect(await billingOf(workspace.id, createdAt)).toMatchObject({ enabled: true, provider: "none", status: "trialing", plan: { id: "growth" }, trialDaysLeft: 14 });
    expect(await billingOf(workspace.id, new Date(createdAt.getTime() + 13 * DAY_MS))).toMatchObject({ status: "trialing", trialDaysLeft: 1 });
    expect(await billingOf(workspace.id, new Date(createdAt.getTime() + 14 * DAY_MS))).toMatchObject({ status: "free", plan: { id: "free" } });
    // Nothing was written to read it.
    expect(await db.workspaceBilling.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });

  it("does not exist without STRIPE_SECRET_KEY: billing is disabled, without errors", async () => {
    vi.stubEnv("STRIPE_SECRET_KEY", "");
    const { workspace } = await newWorkspace();
    expect(await billingOf(workspace.id)).toEqual({ enabled: false });
  });
});

describe("npm run cli -- billing:set-plan", () => {
  const setPlan = COMMANDS["billing:set-plan"]!.run;

  it("comps a plan through a day in the workspace's time zone, then falls back", async () => {
    const { workspace } = await newWorkspace("Asia/Tokyo");
    const until = new Date(Date.now() + 30 * DAY_MS).toISOString().slice(0, 10);
    expect(await setPlan({ workspace: workspace.slug, plan: "scale", until })).toContain("Scale");

    // The day ends at midnight in Tokyo, 15:00 UTC the day before.
    const end = new Date(`${until}T15:00:00Z`);
    expect(await billingOf(workspace.id, new Date(end.getTime() - 1000))).toMatchObject({ plan: { id: "scale" }, status: "active", compedUntil: end });
    expect(await billingOf(workspace.id, end)).toMatchObject({ plan: { id: "free" } });
    expect(await historyOf(workspace.id)).toMatchObject([{ kind: "comp", message: `Scale granted through ${until}.` }]);
  });

  it("refuses a plan that does not exist and a day already past, naming the flag", async () => {
    const { workspace } = await newWorkspace();
    const unknown = await expectAppError(setPlan({ workspace: workspace.slug, plan: "platinum" }), "bad_request");
    expect(unknown.fields).toHaveProperty("plan");
    const past = await expectAppError(setPlan({ workspace: workspace.slug, plan: "growth", until: "2020-01-01" }), "bad_request");
    expect(past.fields).toHaveProperty("until");
    await expectAppError(setPlan({ workspace: "no-such-workspace", plan: "growth" }), "not_found");
    expect(await db.workspaceBilling.count({ where: { workspaceId: workspace.id } })).toBe(0);
  });
});

describe("npm run cli -- billing:sync", () => {
  const sync = COMMANDS["billing:sync"]!.run;

  it("re-reads the customer's subscription from Stripe and applies it", async () => {
    const { workspace, customer, subscription } = await billedWorkspace();
    stripe.set({ id: subscription, customer, status: "active", lookupKey: "signalboard_scale_monthly" });
    expect(await sync({ workspace: workspace.slug })).toBe(`${workspace.slug}: applied; now Scale (active).`);
    expect(stripe.calls).toEqual(["GET /v1/subscriptions"]);
    expect(await sync({ workspace: workspace.slug })).toBe(`${workspace.slug}: unchanged; now Scale (active).`);
    expect(stripe.calls.at(-1)).toBe(`GET /v1/subscriptions/${subscription}`);
  });

  it("says billing is disabled without STRIPE_SECRET_KEY", async () => {
    vi.stubEnv("STRIPE_SECRET_KEY", "");
    const { workspace } = await billedWorkspace();
    await expectAppError(sync({ workspace: workspace.slug }), "conflict");
    expect(stripe.calls).toEqual([]);
  });
});
