import { vi } from "vitest";
import type { PlanId } from "@/lib/billing/plans";
import { db } from "@/lib/db/client";
import type { BillingStatus } from "@/lib/db/generated/client";

/** Puts a workspace on `plan` as a paid (or Free) subscription, or in another state, from now on. */
export async function onPlan(workspaceId: string, plan: PlanId, extra: { status?: BillingStatus; graceEndsAt?: Date | null; compPlan?: PlanId | null } = {}) {
  const data = { provider: "stripe" as const, plan, status: extra.status ?? (plan === "free" ? "free" : "active"), graceEndsAt: extra.graceEndsAt ?? null, compPlan: extra.compPlan ?? null };
  await db.workspaceBilling.upsert({ where: { workspaceId }, create: { workspaceId, ...data }, update: data });
}

/** Billing on for the tests that ask (a key is all it takes); every other test file runs with it off. */
export const billingOn = () => vi.stubEnv("STRIPE_SECRET_KEY", "sk_test_signalboard");
