import { db } from "@/lib/db/client";
import { appUrl, sendEmail } from "@/lib/email/mailer";
import type { SyncScope } from "@/lib/sync/scope";

/**
 * Emails the workspace's owners and admins about a connection that needs them, once per
 * incident: `alertedAt` is set here and cleared by the next successful sync.
 */
export async function alertAdminsOnce(scope: SyncScope, problem: { subject: string; body: string }): Promise<boolean> {
  const claimed = await db.connection.updateMany({
    where: { workspaceId: scope.workspaceId, id: scope.connectionId, alertedAt: null },
    data: { alertedAt: new Date() },
  });
  if (claimed.count === 0) return false;
  const [workspace, admins] = await Promise.all([
    db.workspace.findUnique({ where: { id: scope.workspaceId }, select: { slug: true, name: true } }),
    db.membership.findMany({ where: { workspaceId: scope.workspaceId, role: { in: ["owner", "admin"] } }, select: { user: { select: { email: true } } } }),
  ]);
  if (!workspace) return false;
  const url = appUrl(`/w/${workspace.slug}/connections/${scope.connectionId}`);
  for (const { user } of admins) {
    await sendEmail({
      to: user.email,
      subject: `${workspace.name}: ${problem.subject}`,
      text: `${problem.body}\n\nOpen the connection: ${url}`,
      html: `<p>${escapeHtml(problem.body)}</p><p><a href="${escapeHtml(url)}">Open the connection</a></p>`,
    });
  }
  return true;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
