import { readOnlyWorkspaceIds, recordSyncsPaused } from "@/lib/billing/limits";
import { db } from "@/lib/db/client";
import { nextLocalHour } from "@/lib/time/zone";
import { settingsOf } from "@/lib/connections/service";
import type { SyncScope } from "@/lib/sync/scope";

// Decides which connections are due; the schedule-syncs job opens their runs and fans them out.

export type DueSync = SyncScope & { kind: "incremental" | "restatement"; range?: { from: Date; to: Date } };

/** At most this many connections are scheduled per tick; the rest wait for the next one. */
const DUE_PER_TICK = 500;

/**
 * Connections due now, across all workspaces or, with `only`, within one: the longest overdue
 * first, so that with more due than a tick takes, none waits behind others for ever.
 */
export async function dueSyncs(now = new Date(), only?: { workspaceId: string }, limit = DUE_PER_TICK): Promise<DueSync[]> {
  // A read-only workspace (past due beyond its grace) is skipped in the query itself, so its
  // connections never hold the front of the queue; its billing history says why.
  const paused = await readOnlyWorkspaceIds(now);
  await recordSyncsPaused(only ? paused.filter((id) => id === only.workspaceId) : paused);
  const connections = await db.connection.findMany({
    where: {
      AND: [only ? { workspaceId: only.workspaceId } : {}, paused.length ? { workspaceId: { notIn: paused } } : {}],
      status: { in: ["active", "error", "syncing"] },
      // Paused over the plan's limit (lib/billing/connection-limits.ts): its billing history says so.
      planPausedAt: null,
      OR: [{ nextSyncAt: { lte: now } }, { nextRestatementAt: { lte: now } }, { nextRestatementAt: null }],
    },
    select: { workspaceId: true, id: true, nextSyncAt: true, nextRestatementAt: true, timeZone: true, settings: true, lastSuccessAt: true },
    orderBy: [{ nextSyncAt: { sort: "asc", nulls: "last" } }, { id: "asc" }],
    take: limit,
  });
  const due: DueSync[] = [];
  for (const c of connections) {
    const scope = { workspaceId: c.workspaceId, connectionId: c.id };
    const settings = settingsOf(c);
    if (c.nextSyncAt && c.nextSyncAt <= now) due.push({ ...scope, kind: "incremental" });
    if (!c.nextRestatementAt) {
      // First sight of the connection: schedule its daily restatement without running one now.
      await db.connection.update({
        where: { workspaceId_id: { workspaceId: c.workspaceId, id: c.id } },
        data: { nextRestatementAt: nextLocalHour(now, c.timeZone ?? "UTC", settings.restatementHour) },
      });
    } else if (c.nextRestatementAt <= now && c.lastSuccessAt) {
      due.push({ ...scope, kind: "restatement", range: { from: new Date(now.getTime() - settings.restatementDays * 86_400_000), to: now } });
      await db.connection.update({
        where: { workspaceId_id: { workspaceId: c.workspaceId, id: c.id } },
        data: { nextRestatementAt: nextLocalHour(now, c.timeZone ?? "UTC", settings.restatementHour) },
      });
    }
  }
  return due;
}
