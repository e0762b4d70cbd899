import { openJson, sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { appUrl, sendEmail } from "@/lib/email/mailer";
import { buildCustomerExport, exportSummary } from "./customer-export";

// customers/data_request: Shopify asks the app to give the store owner what it holds about a
// shopper. The export is made at once, kept sealed for EXPORT_DAYS, and every owner of the
// workspace is emailed a link to download it (the email says what it is, never what is in it).
// A redelivery of the same request finds its export and sends nothing again.

export const EXPORT_DAYS = 30;

export const exportPath = (slug: string, id: string) => `/w/${slug}/privacy/exports/${id}`;

type TScope = { workspaceId: string; connectionId: string; webhookId: string };

export async function answerDataRequest(scope: TScope, customerId: bigint | null, orderIds: readonly bigint[]): Promise<{ exportId: string; summary: string; owners: number }> {
  const existing = await db.customerDataExport.findFirst({ where: { workspaceId: scope.workspaceId, requestId: scope.webhookId }, select: { id: true } });
  if (existing) return { exportId: existing.id, summary: "already exported for this delivery", owners: 0 };
  const content = await buildCustomerExport({ ...scope, customerId, orderIds });
  const now = new Date();
  const expiresAt = new Date(now.getTime() + EXPORT_DAYS * 86_400_000);
  const created = await db.customerDataExport.create({
    data: {
      workspaceId: scope.workspaceId,
      connectionId: scope.connectionId,
      requestId: scope.webhookId,
      customerExternalId: customerId,
      content: sealJson(content),
      expiresAt,
    },
    select: { id: true },
  });
  const [workspace, connection, owners] = await Promise.all([
    db.workspace.findUniqueOrThrow({ where: { id: scope.workspaceId }, select: { slug: true, name: true } }),
    db.connection.findUnique({ where: { workspaceId_id: { workspaceId: scope.workspaceId, id: scope.connectionId } }, select: { externalAccountId: true } }),
    db.membership.findMany({ where: { workspaceId: scope.workspaceId, role: "owner" }, select: { user: { select: { email: true } } } }),
  ]);
  const shop = connection?.externalAccountId ?? "your store";
  const link = appUrl(exportPath(workspace.slug, created.id));
  const who = customerId === null ? "a customer" : `customer ${customerId}`;
  const until = expiresAt.toISOString().slice(0, 10);
  for (const { user } of owners) {
    await sendEmail({
      to: user.email,
      subject: `A customer data request from ${shop}`,
      text:
        `Shopify sent a data request for ${who} of ${shop}, connected to ${workspace.name}.\n\n` +
        `Everything Signalboard holds about them is ready as a JSON file, for you to give to the store owner or the customer:\n${link}\n\n` +
        `Only the workspace's owners can download it, until ${until}; then it is deleted.`,
      html:
        `<p>Shopify sent a data request for ${who} of ${shop}, connected to ${escapeHtml(workspace.name)}.</p>` +
        `<p>Everything Signalboard holds about them is ready as a JSON file, for you to give to the store owner or the customer: ` +
        `<a href="${link}">download the export</a>.</p><p>Only the workspace's owners can download it, until ${until}; then it is deleted.</p>`,
    });
  }
  return { exportId: created.id, summary: exportSummary(content), owners: owners.length };
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The export as JSON text for an owner of its workspace; null when there is none (or it expired). */
export async function openExport(workspaceId: string, id: string, now = new Date()): Promise<{ json: string; customerExternalId: bigint | null } | null> {
  const row = await db.customerDataExport.findUnique({ where: { workspaceId_id: { workspaceId, id } } });
  if (!row || row.expiresAt <= now) return null;
  return { json: JSON.stringify(openJson(row.content), null, 2), customerExternalId: row.customerExternalId };
}

/** Deletes exports past their EXPORT_DAYS; returns how many. */
export async function deleteExpiredExports(now = new Date()): Promise<number> {
  return (await db.customerDataExport.deleteMany({ where: { expiresAt: { lte: now } } })).count;
}
