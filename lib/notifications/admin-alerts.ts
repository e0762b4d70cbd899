import { db } from "@/lib/db/client";
import { appUrl, sendEmail } from "@/lib/email/mailer";

// Admins hear by email when a destination is switched off (it answered 404 or 410) or keeps
// failing: once per incident. `alerted_at` is claimed here and cleared by the next delivery that
// goes through, or when an admin switches the destination back on.

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export async function alertAdminsAboutDestination(workspaceId: string, destinationId: string, problem: { subject: string; body: string }): Promise<boolean> {
  const claimed = await db.notificationDestination.updateMany({
    where: { workspaceId, id: destinationId, alertedAt: null },
    data: { alertedAt: new Date() },
  });
  if (claimed.count === 0) return false;
  const [workspace, admins] = await Promise.all([
    db.workspace.findUnique({ where: { id: workspaceId }, select: { slug: true, name: true } }),
    db.membership.findMany({ where: { workspaceId, role: { in: ["owner", "admin"] } }, select: { user: { select: { email: true } } } }),
  ]);
  if (!workspace) return false;
  const url = appUrl(`/w/${workspace.slug}/settings/notifications`);
  for (const { user } of admins) {
    await sendEmail({
      to: user.email,
      subject: `${workspace.name}: ${problem.subject}`,
      text: `${problem.body}\n\nOpen the notification settings: ${url}`,
      html: `<p>${escapeHtml(problem.body)}</p><p><a href="${escapeHtml(url)}">Open the notification settings</a></p>`,
    });
  }
  return true;
}
