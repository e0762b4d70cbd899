import { db } from "@/lib/db/client";
import { providersOfKind } from "@/lib/connectors/registry";
import { DEFAULT_DASHBOARDS } from "@/lib/dashboards/defaults";
import { IMPORT_SOURCES } from "@/lib/imports/connection";
import type { WorkspaceContext } from "@/lib/tenancy/guard";
import { can } from "@/lib/tenancy/roles";

// The first-run checklist on the workspace home. Each step is read from the workspace's own data,
// never from a record of clicks, so it is done however it was done (the page, the API, an import).

export const ONBOARDING_STEPS = ["store", "ads", "costs", "invite", "dashboard"] as const;
export type OnboardingStepId = (typeof ONBOARDING_STEPS)[number];

/** What the steps are judged on: plain facts about the workspace. */
export type OnboardingFacts = {
  storeConnections: number;
  adConnections: number;
  unitCostOverrides: number;
  variantsWithCost: number;
  members: number;
  invitations: number;
  dashboardsByPeople: number;
  dashboards: number;
};

export type OnboardingStep = { id: OnboardingStepId; title: string; description: string; href: string; action: string; done: boolean };

export type OnboardingStatus = {
  steps: OnboardingStep[];
  completed: number;
  complete: boolean;
  dismissed: boolean;
  /** Shown to admins and owners (who can do every step) until they dismiss it or everything is done. */
  visible: boolean;
};

const STEP_TEXT: Record<OnboardingStepId, { title: string; description: string; path: string; action: string }> = {
  store: { title: "Connect a store", description: "Your Shopify store, or the demo store, or imported orders.", path: "/connections", action: "Connect" },
  ads: { title: "Connect ads", description: "Google, Meta or TikTok ad accounts, or imported ad spend, for spend, ROAS and MER.", path: "/connections", action: "Connect" },
  costs: { title: "Set costs", description: "Unit costs for gross profit: overrides here, or the costs your store reports.", path: "/settings/metrics", action: "Set costs" },
  invite: { title: "Invite a member", description: "Bring in a colleague, with the role they need.", path: "/settings/members", action: "Invite" },
  dashboard: { title: "Create a dashboard", description: "A dashboard of your own, with the numbers you watch.", path: "/dashboards", action: "Create" },
};

/** Which steps the facts complete. */
export function stepsDone(facts: OnboardingFacts): Record<OnboardingStepId, boolean> {
  return {
    store: facts.storeConnections > 0,
    ads: facts.adConnections > 0,
    costs: facts.unitCostOverrides > 0 || facts.variantsWithCost > 0,
    invite: facts.members > 1 || facts.invitations > 0,
    // The default dashboards are made for every workspace (with no author); one more, or one a person made, counts.
    dashboard: facts.dashboardsByPeople > 0 || facts.dashboards > DEFAULT_DASHBOARDS.length,
  };
}

export function buildStatus(facts: OnboardingFacts, slug: string, options: { dismissed: boolean; canManage: boolean }): OnboardingStatus {
  const done = stepsDone(facts);
  const steps = ONBOARDING_STEPS.map((id) => {
    const { path, ...text } = STEP_TEXT[id];
    return { id, ...text, href: `/w/${slug}${path}`, done: done[id] };
  });
  const completed = steps.filter((s) => s.done).length;
  const complete = completed === steps.length;
  return { steps, completed, complete, dismissed: options.dismissed, visible: options.canManage && !options.dismissed && !complete };
}

const live = { status: { not: "disconnected" as const } };

/** Reads the facts of one workspace; every count is scoped to it. */
export async function onboardingFacts(workspaceId: string): Promise<OnboardingFacts> {
  const [storeConnections, adConnections, unitCostOverrides, variantsWithCost, members, invitations, dashboardsByPeople, dashboards] = await Promise.all([
    db.connection.count({
      where: { workspaceId, ...live, OR: [{ provider: { in: providersOfKind("store") } }, { provider: "import", externalAccountId: IMPORT_SOURCES.orders.externalAccountId }] },
    }),
    db.connection.count({
      where: { workspaceId, ...live, OR: [{ provider: { in: providersOfKind("ads") } }, { provider: "import", externalAccountId: IMPORT_SOURCES.ad_spend.externalAccountId }] },
    }),
    db.unitCost.count({ where: { workspaceId } }),
    db.productVariant.count({ where: { workspaceId, unitCost: { not: null } }, take: 1 }),
    db.membership.count({ where: { workspaceId } }),
    db.invitation.count({ where: { workspaceId, revokedAt: null } }),
    db.dashboard.count({ where: { workspaceId, createdById: { not: null } } }),
    db.dashboard.count({ where: { workspaceId } }),
  ]);
  return { storeConnections, adConnections, unitCostOverrides, variantsWithCost, members, invitations, dashboardsByPeople, dashboards };
}

/** The checklist as the caller sees it. */
export async function onboardingStatus(context: WorkspaceContext): Promise<OnboardingStatus> {
  const canManage = can(context.role, "settings.manage");
  const userId = context.actor.kind === "user" ? context.actor.userId : null;
  const membership = userId
    ? await db.membership.findUnique({ where: { workspaceId_userId: { workspaceId: context.workspace.id, userId } }, select: { onboardingDismissedAt: true } })
    : null;
  const facts = await onboardingFacts(context.workspace.id);
  return buildStatus(facts, context.workspace.slug, { dismissed: Boolean(membership?.onboardingDismissedAt), canManage });
}

/** Hides the checklist for the calling member only. */
export async function dismissOnboarding(context: WorkspaceContext, now = new Date()): Promise<void> {
  if (context.actor.kind !== "user") return;
  await db.membership.update({
    where: { workspaceId_userId: { workspaceId: context.workspace.id, userId: context.actor.userId } },
    data: { onboardingDismissedAt: now },
  });
}
