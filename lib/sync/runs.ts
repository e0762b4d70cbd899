import { db } from "@/lib/db/client";
import type { Prisma, SyncKind } from "@/lib/db/generated/client";
import type { SyncScope } from "@/lib/sync/scope";

export type RunRange = { from?: Date | null; to?: Date | null };

export async function createRun(scope: SyncScope, kind: SyncKind, range: RunRange = {}) {
  return db.syncRun.create({
    data: { workspaceId: scope.workspaceId, connectionId: scope.connectionId, kind, rangeFrom: range.from ?? null, rangeTo: range.to ?? null },
    select: { id: true },
  });
}

export function getRun(scope: SyncScope, runId: string) {
  return db.syncRun.findFirst({ where: { workspaceId: scope.workspaceId, connectionId: scope.connectionId, id: runId } });
}

export async function updateRun(scope: SyncScope, runId: string, data: Prisma.SyncRunUpdateManyMutationInput): Promise<void> {
  await db.syncRun.updateMany({ where: { workspaceId: scope.workspaceId, connectionId: scope.connectionId, id: runId }, data });
}

/** The newest unfinished run of a kind, so a restarted process resumes it instead of starting over. */
export function unfinishedRun(scope: SyncScope, kind: SyncKind) {
  return db.syncRun.findFirst({
    where: { workspaceId: scope.workspaceId, connectionId: scope.connectionId, kind, status: { in: ["queued", "running"] } },
    orderBy: { queuedAt: "desc" },
  });
}

export function listRuns(scope: SyncScope, take = 50) {
  return db.syncRun.findMany({
    where: { workspaceId: scope.workspaceId, connectionId: scope.connectionId },
    orderBy: { queuedAt: "desc" },
    take,
  });
}

/**
 * A run to work on: the unfinished one of the same kind if there is one (a double click or an
 * overlapping schedule must not start a second), else a new one. Manual re-syncs always start anew.
 */
export async function openRun(scope: SyncScope, kind: SyncKind, range: RunRange = {}): Promise<{ runId: string; reused: boolean }> {
  const existing = kind === "manual" ? null : await unfinishedRun(scope, kind);
  if (existing) return { runId: existing.id, reused: true };
  const run = await createRun(scope, kind, range);
  return { runId: run.id, reused: false };
}

/** Every unfinished run, oldest first, as the jobs that would work them (a restarted process resumes them). */
export async function unfinishedRunJobs(): Promise<{ workspaceId: string; connectionId: string; runId: string }[]> {
  const runs = await db.syncRun.findMany({
    where: { status: { in: ["queued", "running"] } },
    select: { workspaceId: true, connectionId: true, id: true },
    orderBy: { queuedAt: "asc" },
  });
  return runs.map((run) => ({ workspaceId: run.workspaceId, connectionId: run.connectionId, runId: run.id }));
}
