import { recordAudit } from "@/lib/audit/record";
import { db } from "@/lib/db/client";
import type { WorkspaceExport } from "@/lib/db/generated/client";
import { AppError, notFound } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { auditActorOf, type Actor, type WorkspaceContext } from "@/lib/tenancy/guard";
import { buildWorkspaceExportJob } from "./jobs";
import { checkLink, downloadPath, signLink, type LinkHolder } from "./link";
import { EXPORT_KEEP_DAYS } from "./retention";

// A workspace export as a resource: asked for by an owner (or an owner-role API key), built by the
// build-workspace-export job, listed with its progress, downloaded through a signed link bound to
// whoever asks for the link. The file is kept EXPORT_KEEP_DAYS, then swept.

export const LIST_LIMIT = 20;

export type ExportView = {
  id: string;
  status: WorkspaceExport["status"];
  requested_at: string;
  started_at: string | null;
  finished_at: string | null;
  expires_at: string;
  expired: boolean;
  progress: { tables_total: number; tables_done: number; rows: number; current_table: string | null; percent: number };
  bytes: number | null;
  error: string | null;
  download_url: string | null;
  download_expires_at: string | null;
};

export const holderOf = (actor: Actor): LinkHolder => (actor.kind === "user" ? { kind: "user", userId: actor.userId } : { kind: "apiKey", apiKeyId: actor.apiKeyId });

function viewOf(slug: string, row: WorkspaceExport, holder: LinkHolder, now: Date): ExportView {
  const expired = row.expiresAt <= now;
  const link = row.status === "done" && !expired ? signLink(row.id, holder, now) : null;
  const percent = row.status === "done" ? 100 : row.tablesTotal > 0 ? Math.floor((row.tablesDone / row.tablesTotal) * 100) : 0;
  return {
    id: row.id,
    status: row.status,
    requested_at: row.requestedAt.toISOString(),
    started_at: row.startedAt?.toISOString() ?? null,
    finished_at: row.finishedAt?.toISOString() ?? null,
    expires_at: row.expiresAt.toISOString(),
    expired,
    progress: { tables_total: row.tablesTotal, tables_done: row.tablesDone, rows: Number(row.rowsDone), current_table: row.currentTable, percent },
    bytes: row.status === "done" ? Number(row.bytes) : null,
    error: row.error,
    download_url: link ? downloadPath(slug, row.id, link) : null,
    // A link never outlives its file.
    download_expires_at: link ? new Date(Math.min(link.expires * 1000, row.expiresAt.getTime())).toISOString() : null,
  };
}

/** Asks for a new export; one at a time per workspace (409 while one is queued or being made). */
export async function requestWorkspaceExport(context: WorkspaceContext, now = new Date()): Promise<ExportView> {
  const workspaceId = context.workspace.id;
  const created = await db.$transaction(async (tx) => {
    // The workspace row's lock makes "none under way" and the insert one step.
    await tx.$queryRaw`SELECT id FROM workspaces WHERE id = ${workspaceId} FOR UPDATE`;
    const busy = await tx.workspaceExport.findFirst({ where: { workspaceId, status: { in: ["queued", "running"] } }, select: { id: true } });
    if (busy) throw new AppError("conflict", "An export of this workspace is already being made; wait for it to finish.");
    const row = await tx.workspaceExport.create({
      data: {
        workspaceId,
        requestedByUser: context.actor.kind === "user" ? context.actor.userId : null,
        requestedByKey: context.actor.kind === "apiKey" ? context.actor.apiKeyId : null,
        requestedAt: now,
        expiresAt: new Date(now.getTime() + EXPORT_KEEP_DAYS * 86_400_000),
      },
    });
    await recordAudit(tx, { workspaceId, action: "export.requested", target: { type: "export", id: row.id }, actor: auditActorOf(context), occurredAt: now });
    return row;
  });
  await enqueue(buildWorkspaceExportJob, { workspaceId, exportId: created.id });
  return viewOf(context.workspace.slug, created, holderOf(context.actor), now);
}

export async function listWorkspaceExports(context: WorkspaceContext, now = new Date()): Promise<ExportView[]> {
  const rows = await db.workspaceExport.findMany({ where: { workspaceId: context.workspace.id }, orderBy: { requestedAt: "desc" }, take: LIST_LIMIT });
  return rows.map((row) => viewOf(context.workspace.slug, row, holderOf(context.actor), now));
}

export async function getWorkspaceExport(context: WorkspaceContext, id: string, now = new Date()): Promise<ExportView> {
  const row = await db.workspaceExport.findUnique({ where: { workspaceId_id: { workspaceId: context.workspace.id, id } } });
  if (!row) throw notFound("No such export in this workspace.");
  return viewOf(context.workspace.slug, row, holderOf(context.actor), now);
}

export type ExportDownload = { filename: string; bytes: number; body: ReadableStream<Uint8Array> };

/**
 * The zip for a signed link presented by its holder: another caller or a changed link is a 404
 * (as if there were no such export), an expired link or file a 410. Each download is audited.
 */
export async function openWorkspaceExport(
  context: WorkspaceContext,
  id: string,
  link: { expires: string | null; signature: string | null },
  now = new Date(),
): Promise<ExportDownload> {
  const workspaceId = context.workspace.id;
  const check = checkLink(id, holderOf(context.actor), link.expires, link.signature, now);
  if (check === "invalid") throw notFound("No such export link. Ask for a new link on the export page; a link works only for the person it was made for.");
  const row = await db.workspaceExport.findUnique({ where: { workspaceId_id: { workspaceId, id } } });
  if (!row) throw notFound("No such export in this workspace.");
  if (check === "expired") throw new AppError("gone", "This download link has expired. Open the export page for a new link.");
  if (row.expiresAt <= now) throw new AppError("gone", "This export has expired and its file was deleted. Ask for a new export.");
  if (row.status !== "done") throw new AppError("conflict", "This export is not ready yet.");
  await recordAudit(null, { workspaceId, action: "export.downloaded", target: { type: "export", id }, actor: auditActorOf(context), occurredAt: now });
  let seq = 0;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const chunk = await db.workspaceExportChunk.findUnique({ where: { workspaceId_exportId_seq: { workspaceId, exportId: id, seq } }, select: { data: true } });
      if (!chunk) return controller.close();
      seq += 1;
      controller.enqueue(new Uint8Array(chunk.data));
    },
  });
  const day = (row.finishedAt ?? row.requestedAt).toISOString().slice(0, 10);
  return { filename: `signalboard-${context.workspace.slug}-${day}.zip`, bytes: Number(row.bytes), body };
}
