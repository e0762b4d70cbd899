import { describe, expect, it } from "vitest";
import { connectDemoStore } from "@/lib/connections/service";
import { DEFAULT_DASHBOARDS } from "@/lib/dashboards/defaults";
import { createDashboard } from "@/lib/dashboards/service";
import { db } from "@/lib/db/client";
import { importConnectionId } from "@/lib/imports/connection";
import { createInvitation, revokeInvitation } from "@/lib/invitations/service";
import { buildStatus, dismissOnboarding, onboardingFacts, onboardingStatus, type OnboardingFacts } from "@/lib/onboarding/status";
import { workspaceWith, uniqueEmail } from "./helpers";

// The first-run checklist is read from the workspace's data, and only that workspace's.

const doneSteps = async (workspaceId: string) => {
  const facts = await onboardingFacts(workspaceId);
  return buildStatus(facts, "s", { dismissed: false, canManage: true }).steps.filter((s) => s.done).map((s) => s.id);
};

describe("onboarding status", () => {
  it("starts with nothing done, and ticks each step off from real data", async () => {
    const { owner, workspace, ownerContext } = await workspaceWith();
    const status = await onboardingStatus(ownerContext);
    expect(status).toMatchObject({ completed: 0, complete: false, dismissed: false, visible: true });
    expect(status.steps.map((s) => [s.id, s.href])).toEqual([
      ["store", `/w/${workspace.slug}/connections`],
      ["ads", `/w/${workspace.slug}/connections`],
      ["costs", `/w/${workspace.slug}/settings/metrics`],
      ["invite", `/w/${workspace.slug}/settings/members`],
      ["dashboard", `/w/${workspace.slug}/dashboards`],
    ]);

    await connectDemoStore(workspace.id, { orders: 100 });
    expect(await doneSteps(workspace.id)).toEqual(["store"]);

    await importConnectionId(workspace.id, "ad_spend");
    expect(await doneSteps(workspace.id)).toEqual(["store", "ads"]);

    await db.unitCost.create({ data: { workspaceId: workspace.id, field: "sku", value: "tee-1", unitCost: "4.2500" } });
    expect(await doneSteps(workspace.id)).toEqual(["store", "ads", "costs"]);

    await createInvitation(ownerContext, { email: uniqueEmail("colleague"), role: "member" });
    expect(await doneSteps(workspace.id)).toEqual(["store", "ads", "costs", "invite"]);

    await createDashboard(workspace.id, { name: "Mine" }, owner.id);
    const finished = await onboardingStatus(ownerContext);
    expect(finished).toMatchObject({ completed: 5, complete: true, visible: false });
  });

  it("does not count a disconnected store, a revoked invitation or the default dashboards", async () => {
    const { workspace, ownerContext } = await workspaceWith();
    const { id } = await connectDemoStore(workspace.id, { orders: 100 });
    await db.connection.update({ where: { workspaceId_id: { workspaceId: workspace.id, id } }, data: { status: "disconnected", disconnectedAt: new Date() } });
    const invitation = await createInvitation(ownerContext, { email: uniqueEmail("gone"), role: "viewer" });
    await revokeInvitation(ownerContext, invitation.id);
    expect(await db.dashboard.count({ where: { workspaceId: workspace.id } })).toBeGreaterThan(0);
    expect(await doneSteps(workspace.id)).toEqual([]);
  });

  it("counts imported orders as a store, a store's own unit costs as costs, and a second member as an invitation", async () => {
    const { workspace } = await workspaceWith(["viewer"] as const);
    const connectionId = await importConnectionId(workspace.id, "orders");
    await db.productVariant.create({
      data: { workspaceId: workspace.id, connectionId, externalId: 1n, productId: 1n, title: "Tee", price: "20.0000", unitCost: "6.0000", updatedAt: new Date() },
    });
    expect(await doneSteps(workspace.id)).toEqual(["store", "costs", "invite"]);
  });

  it("never counts another workspace's data", async () => {
    const mine = await workspaceWith();
    const theirs = await workspaceWith(["admin"] as const);
    await connectDemoStore(theirs.workspace.id, { orders: 100 });
    await importConnectionId(theirs.workspace.id, "ad_spend");
    await db.unitCost.create({ data: { workspaceId: theirs.workspace.id, field: "sku", value: "x", unitCost: "1.0000" } });
    await createDashboard(theirs.workspace.id, { name: "Theirs" }, theirs.owner.id);
    expect(await doneSteps(theirs.workspace.id)).toEqual(["store", "ads", "costs", "invite", "dashboard"]);
    expect(await doneSteps(mine.workspace.id)).toEqual([]);
  });

  it("is dismissed per member, and shown only to those who can do every step", async () => {
    const { ownerContext, members } = await workspaceWith(["admin", "member"] as const);
    const [admin, member] = members;
    expect((await onboardingStatus(member!.context)).visible).toBe(false);
    expect((await onboardingStatus(admin!.context)).visible).toBe(true);

    await dismissOnboarding(admin!.context);
    expect(await onboardingStatus(admin!.context)).toMatchObject({ dismissed: true, visible: false });
    expect(await onboardingStatus(ownerContext)).toMatchObject({ dismissed: false, visible: true });
  });
});

describe("buildStatus", () => {
  const none: OnboardingFacts = {
    storeConnections: 0, adConnections: 0, unitCostOverrides: 0, variantsWithCost: 0, members: 1, invitations: 0, dashboardsByPeople: 0, dashboards: DEFAULT_DASHBOARDS.length,
  };

  it("counts a dashboard beyond the defaults even without an author (made with an API key)", () => {
    const status = buildStatus({ ...none, dashboards: 99 }, "acme", { dismissed: false, canManage: true });
    expect(status.steps.find((s) => s.id === "dashboard")!.done).toBe(true);
    expect(buildStatus(none, "acme", { dismissed: false, canManage: true }).steps.every((s) => !s.done)).toBe(true);
  });
});
