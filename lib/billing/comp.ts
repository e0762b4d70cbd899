import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { addDays, localDate, startOfLocalDay } from "@/lib/time/zone";
import { lockBilling } from "./apply";
import { enforceConnectionLimits } from "./connection-limits";
import { logBillingEvent } from "./log";
import { planById, type Plan } from "./plans";

// Comped plans: an operator grants a plan (billing:set-plan), through a given day or for good. It
// wins over whatever Stripe says until it ends, and the subscription state underneath is kept.

/**
 * Grants `planId` to the workspace through the local day `until` (YYYY-MM-DD, in the workspace's
 * time zone), or without end. An unknown plan id is a 400 naming `plan`.
 */
export async function setCompPlan(workspaceId: string, planId: unknown, until: string | null, now: Date = new Date()): Promise<{ plan: Plan; until: Date | null }> {
  const plan = planById(planId);
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { timeZone: true } });
  if (!workspace) throw new AppError("not_found", "No such workspace.");
  if (until !== null && until < localDate(now, workspace.timeZone)) throw AppError.field("until", "--until must be today or later.");
  const compUntil = until === null ? null : startOfLocalDay(addDays(until, 1), workspace.timeZone);
  await db.$transaction(async (tx) => {
    await lockBilling(tx, workspaceId);
    await tx.workspaceBilling.update({ where: { workspaceId }, data: { compPlan: plan.id, compUntil } });
    await logBillingEvent(workspaceId, { kind: "comp", message: `${plan.name} granted ${until ? `through ${until}` : "without end"}.`, detail: { plan: plan.id, until } }, tx);
  });
  await enforceConnectionLimits(workspaceId, now);
  return { plan, until: compUntil };
}
