import { db } from "@/lib/db/client";
import { getPool, utc } from "@/lib/db/pool";
import { appUrl, sendEmail } from "@/lib/email/mailer";
import { pastDueEmail } from "@/lib/email/templates";
import { can, type Role } from "@/lib/tenancy/roles";
import { logBillingEvent } from "./log";
import { billingOf, localDaysBetween } from "./state";

// A failed payment, told to the people who can act on it: a banner to owners and admins while the
// workspace is past due, and two emails to its owners per past-due episode (the payment failed;
// the grace period ended and the workspace is read-only). An episode is named by its grace end,
// which the first failure sets and later ones keep.

export type PastDueNotice = {
  /** Local days of grace left, today included; 0 once read-only. */
  graceDaysLeft: number;
  graceEndsAt: Date | null;
  readOnly: boolean;
  /** The billing page, for owners (the only ones who may open it); null for admins. */
  billingHref: string | null;
};

/** The banner a member of this role sees, or null: members and viewers see none. */
export async function pastDueNotice(workspace: { id: string; slug: string; timeZone: string }, role: Role, now: Date = new Date()): Promise<PastDueNotice | null> {
  if (!can(role, "settings.manage")) return null;
  const view = await billingOf(workspace.id, now);
  if (!view.enabled || view.status !== "past_due") return null;
  const graceDaysLeft = view.readOnly || !view.graceEndsAt ? 0 : Math.max(0, localDaysBetween(now, view.graceEndsAt, workspace.timeZone));
  return {
    graceDaysLeft,
    graceEndsAt: view.graceEndsAt,
    readOnly: view.readOnly,
    billingHref: can(role, "billing.manage") ? `/w/${workspace.slug}/settings/billing` : null,
  };
}

type Notice = "payment_failed" | "read_only";

/** Claims one notice of the episode; false when it was already sent (or the episode is over). */
const columnOf = (notice: Notice) => (notice === "payment_failed" ? "paymentFailedNoticeFor" : "readOnlyNoticeFor");

async function claim(workspaceId: string, graceEndsAt: Date, notice: Notice): Promise<boolean> {
  const column = columnOf(notice);
  const { count } = await db.workspaceBilling.updateMany({
    where: { workspaceId, status: "past_due", graceEndsAt, OR: [{ [column]: null }, { [column]: { not: graceEndsAt } }] },
    data: { [column]: graceEndsAt },
  });
  return count === 1;
}

async function release(workspaceId: string, graceEndsAt: Date, notice: Notice): Promise<void> {
  const column = columnOf(notice);
  await db.workspaceBilling.updateMany({ where: { workspaceId, [column]: graceEndsAt }, data: { [column]: null } });
}

async function emailOwners(workspaceId: string, notice: Notice, graceEndsAt: Date): Promise<number> {
  const [workspace, owners] = await Promise.all([
    db.workspace.findUnique({ where: { id: workspaceId }, select: { slug: true, name: true, timeZone: true } }),
    db.membership.findMany({ where: { workspaceId, role: "owner" }, select: { user: { select: { email: true } } } }),
  ]);
  if (!workspace) return 0;
  const until = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: workspace.timeZone }).format(graceEndsAt);
  const url = appUrl(`/w/${workspace.slug}/settings/billing`);
  for (const { user } of owners) {
    await sendEmail(pastDueEmail({ to: user.email, workspaceName: workspace.name, notice, until, url }));
  }
  return owners.length;
}

/**
 * Sends what a past-due workspace's owners have not been told yet: the failed payment, then, once
 * the grace period is over, read-only. Each is claimed before it is sent, so concurrent callers
 * (a webhook's job and the schedule) send it once.
 */
export async function sendPastDueNotices(workspaceId: string, now: Date = new Date()): Promise<Notice[]> {
  const view = await billingOf(workspaceId, now);
  if (!view.enabled || view.status !== "past_due" || !view.graceEndsAt) return [];
  const due: Notice[] = view.readOnly ? ["payment_failed", "read_only"] : ["payment_failed"];
  const sent: Notice[] = [];
  for (const notice of due) {
    if (!(await claim(workspaceId, view.graceEndsAt, notice))) continue;
    let recipients: number;
    try {
      recipients = await emailOwners(workspaceId, notice, view.graceEndsAt);
    } catch (error) {
      // Not sent: released, so the next pass of the schedule sends it.
      await release(workspaceId, view.graceEndsAt, notice);
      throw error;
    }
    await logBillingEvent(workspaceId, {
      kind: "notice",
      message: notice === "payment_failed" ? `Owners emailed: the payment failed (${recipients}).` : `Owners emailed: the workspace is read-only until paid (${recipients}).`,
      detail: { notice, graceEndsAt: view.graceEndsAt.toISOString() },
    });
    sent.push(notice);
  }
  return sent;
}

/** Past-due workspaces with a notice perhaps not sent: what the schedule looks at. */
export async function workspacesOwedPastDueNotices(now: Date = new Date()): Promise<string[]> {
  const { rows } = await getPool().query<{ workspace_id: string }>(
    `SELECT workspace_id FROM workspace_billing
      WHERE status = 'past_due' AND grace_ends_at IS NOT NULL
        AND (payment_failed_notice_for IS DISTINCT FROM grace_ends_at
             OR (grace_ends_at <= $1 AND read_only_notice_for IS DISTINCT FROM grace_ends_at))`,
    [utc(now)],
  );
  return rows.map((r) => r.workspace_id);
}
