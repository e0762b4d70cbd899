import { z } from "zod";
import { diffFields } from "@/lib/audit/changes";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { PLAN_IDS, PLANS, TRIAL_DAYS, TRIAL_PLAN, type PlanId } from "@/lib/billing/plans";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { recordOperatorEvent } from "./events";

// The installation's settings: whether anyone may sign up, and the plan a new workspace starts
// on. One row, read where they bite (sign-up, workspace creation); absent, the defaults hold.

export const SIGNUP_MODES = ["open", "invite_only"] as const;
export type SignupMode = (typeof SIGNUP_MODES)[number];

export type GlobalSettingsView = { signupMode: SignupMode; defaultPlan: PlanId };

export const DEFAULT_GLOBAL_SETTINGS: GlobalSettingsView = { signupMode: "open", defaultPlan: TRIAL_PLAN };

const ROW_ID = "global";

export const ZGlobalSettings = z.object({
  signupMode: z.enum(SIGNUP_MODES, { error: "Choose open or invite_only." }),
  defaultPlan: z.enum(PLAN_IDS, { error: `Choose a plan: ${PLAN_IDS.join(", ")}.` }),
});

type Reader = Pick<Prisma.TransactionClient, "globalSettings">;

const isSignupMode = (value: string): value is SignupMode => (SIGNUP_MODES as readonly string[]).includes(value);
const isPlan = (value: string): value is PlanId => (PLAN_IDS as readonly string[]).includes(value);

export async function getGlobalSettings(client: Reader = db): Promise<GlobalSettingsView> {
  const row = await client.globalSettings.findUnique({ where: { id: ROW_ID } });
  if (!row) return DEFAULT_GLOBAL_SETTINGS;
  // A value a later version no longer knows falls back to the default rather than failing sign-ups.
  return {
    signupMode: isSignupMode(row.signupMode) ? row.signupMode : DEFAULT_GLOBAL_SETTINGS.signupMode,
    defaultPlan: isPlan(row.defaultPlan) ? row.defaultPlan : DEFAULT_GLOBAL_SETTINGS.defaultPlan,
  };
}

/** Changes the settings as the operator `operatorId`, recording what changed. */
export async function updateGlobalSettings(operatorId: string, input: unknown): Promise<GlobalSettingsView> {
  const next = parseInput(ZGlobalSettings, input);
  return db.$transaction(async (tx) => {
    // Two operators saving at once: the row lock orders them, so each records the change it made.
    await tx.$executeRaw`INSERT INTO global_settings (id, updated_at) VALUES (${ROW_ID}, now()) ON CONFLICT (id) DO NOTHING`;
    await tx.$queryRaw`SELECT id FROM global_settings WHERE id = ${ROW_ID} FOR UPDATE`;
    const before = await getGlobalSettings(tx);
    await tx.globalSettings.update({ where: { id: ROW_ID }, data: { ...next, updatedById: operatorId } });
    const changes = diffFields(before, next);
    if (Object.keys(changes).length > 0) {
      await recordOperatorEvent(tx, { action: "global_settings.changed", target: { type: "global_settings", id: ROW_ID }, changes, actor: { kind: "operator", id: operatorId } });
    }
    return next;
  });
}

export const INVITE_ONLY_MESSAGE = "Sign-up is by invitation only here. Ask a workspace admin to invite you.";

/** Refuses a sign-up that no invitation brought while sign-up is invite-only. */
export async function assertSignUpOpen(client: Reader = db): Promise<void> {
  if ((await getGlobalSettings(client)).signupMode === "invite_only") throw AppError.field("email", INVITE_ONLY_MESSAGE, "forbidden");
}

/** Gives a workspace just created the plan the settings name (inside its creating transaction). */
export async function applyStartingPlan(tx: Reader & Pick<Prisma.TransactionClient, "workspaceBilling">, workspaceId: string, createdAt = new Date()): Promise<void> {
  const billing = startingBilling((await getGlobalSettings(tx)).defaultPlan, createdAt);
  if (billing) await tx.workspaceBilling.create({ data: { ...billing, workspaceId } });
}

/**
 * The billing row a workspace created now starts with, or null for the built-in trial (no row):
 * Free starts without a trial, another plan with a trial of that plan.
 */
export function startingBilling(plan: PlanId, createdAt: Date): Omit<Prisma.WorkspaceBillingUncheckedCreateInput, "workspaceId"> | null {
  if (plan === TRIAL_PLAN) return null;
  if (plan === "free") return { provider: "none", plan: PLANS.free.id, status: "free" };
  return { provider: "none", plan, status: "trialing", trialEndsAt: new Date(createdAt.getTime() + TRIAL_DAYS * 86_400_000) };
}
