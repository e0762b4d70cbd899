import { db } from "@/lib/db/client";
import type { ImportKind } from "./schema";

export type ImportHistoryRow = {
  id: string;
  kind: ImportKind;
  fileName: string | null;
  rowsTotal: number;
  rowsApplied: number;
  errorCount: number;
  createdAt: Date;
  /** Who uploaded: a member's name or email, or "API key <name>". */
  by: string;
};

/** The workspace's latest uploads, newest first. */
export async function listImports(workspaceId: string, limit = 50): Promise<ImportHistoryRow[]> {
  const imports = await db.dataImport.findMany({ where: { workspaceId }, orderBy: { createdAt: "desc" }, take: limit });
  const userIds = [...new Set(imports.flatMap((i) => (i.createdById ? [i.createdById] : [])))];
  const keyIds = [...new Set(imports.flatMap((i) => (i.apiKeyId ? [i.apiKeyId] : [])))];
  const [users, keys] = await Promise.all([
    // Only members of this workspace are named; a former member shows as such.
    db.user.findMany({ where: { id: { in: userIds }, memberships: { some: { workspaceId } } }, select: { id: true, name: true, email: true } }),
    db.apiKey.findMany({ where: { workspaceId, id: { in: keyIds } }, select: { id: true, name: true } }),
  ]);
  const userName = new Map(users.map((u) => [u.id, u.name ?? u.email]));
  const keyName = new Map(keys.map((k) => [k.id, k.name]));
  return imports.map((i) => ({
    id: i.id,
    kind: i.kind,
    fileName: i.fileName,
    rowsTotal: i.rowsTotal,
    rowsApplied: i.rowsApplied,
    errorCount: Array.isArray(i.errors) ? i.errors.length : 0,
    createdAt: i.createdAt,
    by: i.apiKeyId ? `API key ${keyName.get(i.apiKeyId) ?? "(deleted)"}` : i.createdById ? (userName.get(i.createdById) ?? "Former member") : "Unknown",
  }));
}
