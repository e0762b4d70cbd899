import { db } from "@/lib/db/client";
import type { Prisma, RollupRebuild } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { requestFullRecompute } from "@/lib/activity/request";
import { requestLtvFitAfterNewHistory } from "@/lib/ltv/request";
import { addDays, localDate } from "@/lib/time/zone";
import { rebuildRollups } from "./rollup";
import { EARLIEST_DAY } from "@/lib/time/bounds";
import { logger } from "@/lib/log";

const log = logger("rollups");

// A settings change (exclusions, product groups, unit costs, revenue basis, time zone) changes what
// every past day means, so the whole history is recomputed: durably, in chunks of days, with the
// progress on the row so a crash resumes where it stopped and the settings page can show it.

export const REBUILD_CHUNK_DAYS = 31;

export type RebuildRange = { fromDay: string; toDay: string };
export type RebuildFn = (workspaceId: string, range: RebuildRange) => Promise<unknown>;

export type RebuildView = {
  id: string;
  reason: string;
  status: RollupRebuild["status"];
  fromDay: string;
  toDay: string;
  daysTotal: number;
  daysDone: number;
  error: string | null;
  queuedAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

export const SUPERSEDED_ERROR = "Superseded by a newer settings change; the newer rebuild covers every day.";
const PENDING = ["queued", "running"] as const;
const MAX_REASON = 500;

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

function toView(row: RollupRebuild): RebuildView {
  return {
    id: row.id, reason: row.reason, status: row.status, fromDay: isoDay(row.fromDay), toDay: isoDay(row.toDay),
    daysTotal: row.daysTotal, daysDone: row.daysDone, error: row.error,
    queuedAt: row.queuedAt, startedAt: row.startedAt, finishedAt: row.finishedAt,
  };
}

export function daysBetween(fromDay: string, toDay: string): number {
  return Math.round((Date.parse(`${toDay}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / 86_400_000) + 1;
}

type Tx = Prisma.TransactionClient;

/**
 * From the earliest local day holding any fact (orders by processed, else created, time; ad and
 * traffic days as reported, tracked sessions by their start) to today in the workspace's time zone; null when there are no facts.
 */
export async function factRange(tx: Tx, workspaceId: string, now = new Date()): Promise<RebuildRange | null> {
  const workspace = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { timeZone: true } });
  if (!workspace) throw new AppError("not_found", "Workspace not found.");
  const [row] = await tx.$queryRaw<{ first: string | null }[]>`
    SELECT to_char(LEAST(
      (SELECT min(((COALESCE(processed_at, created_at)) AT TIME ZONE 'UTC' AT TIME ZONE ${workspace.timeZone})::date)
         FROM orders WHERE workspace_id = ${workspaceId}),
      (SELECT min(day) FROM ad_insights_daily WHERE workspace_id = ${workspaceId}),
      (SELECT min(day) FROM traffic_daily WHERE workspace_id = ${workspaceId}),
      (SELECT min(day) FROM tracked_sessions WHERE workspace_id = ${workspaceId})
    ), 'YYYY-MM-DD') AS first`;
  if (!row?.first) return null;
  const today = localDate(now, workspace.timeZone);
  // Facts stored before dates were bounded may lie before the earliest accepted day; a rebuild starts there.
  const first = row.first < EARLIEST_DAY ? EARLIEST_DAY : row.first;
  return { fromDay: first < today ? first : today, toDay: today };
}

function joinReasons(existing: string, reason: string): string {
  const reasons = existing.split("; ");
  if (reasons.includes(reason)) return existing;
  const joined = [...reasons, reason].join("; ");
  return joined.length > MAX_REASON ? `${joined.slice(0, MAX_REASON - 1)}…` : joined;
}

/**
 * Records that the workspace's rollups must be rebuilt, without starting anything: a job already
 * queued absorbs the request (its range is widened to today and restarted from the first day);
 * otherwise a new job is queued, which supersedes any running one. Null when there is nothing to
 * rebuild (no facts yet).
 */
export async function queueRollupRebuild(workspaceId: string, reason: string, now = new Date()): Promise<{ rebuild: RebuildView; created: boolean } | null> {
  return db.$transaction(async (tx) => {
    // Two changes at once must not both queue a job: take turns per workspace.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('rollup_rebuilds'), hashtext(${workspaceId}))`;
    const range = await factRange(tx, workspaceId, now);
    if (!range) return null;
    const window = {
      fromDay: new Date(`${range.fromDay}T00:00:00Z`), toDay: new Date(`${range.toDay}T00:00:00Z`),
      daysTotal: daysBetween(range.fromDay, range.toDay),
    };
    const queued = await tx.rollupRebuild.findFirst({ where: { workspaceId, status: "queued" }, orderBy: { queuedAt: "desc" } });
    if (queued) {
      const row = await tx.rollupRebuild.update({
        where: { workspaceId_id: { workspaceId, id: queued.id } },
        data: { ...window, daysDone: 0, reason: joinReasons(queued.reason, reason), error: null },
      });
      return { rebuild: toView(row), created: false };
    }
    const row = await tx.rollupRebuild.create({ data: { workspaceId, reason: reason.slice(0, MAX_REASON), ...window } });
    return { rebuild: toView(row), created: true };
  });
}

async function findRebuild(workspaceId: string, id: string): Promise<RollupRebuild> {
  const row = await db.rollupRebuild.findUnique({ where: { workspaceId_id: { workspaceId, id } } });
  if (!row) throw new AppError("not_found", "Rebuild not found.");
  return row;
}

/** A newer job exists that has not finished: this one should stop and leave the days to it. */
async function isSuperseded(row: RollupRebuild): Promise<boolean> {
  const newer = await db.rollupRebuild.count({
    where: { workspaceId: row.workspaceId, status: { in: [...PENDING] }, queuedAt: { gt: row.queuedAt }, NOT: { id: row.id } },
  });
  return newer > 0;
}

async function markSuperseded(row: RollupRebuild): Promise<void> {
  await db.rollupRebuild.updateMany({
    where: { workspaceId: row.workspaceId, id: row.id, status: { in: [...PENDING] } },
    data: { status: "failed", error: SUPERSEDED_ERROR, finishedAt: new Date() },
  });
}

export type ChunkResult = { status: RollupRebuild["status"]; superseded: boolean; daysDone: number; daysTotal: number };

/** The job still has days to do (or has yet to start them). */
export const unfinished = (state: ChunkResult) => state.status === "queued" || state.status === "running";

/** Marks the job running (a crashed run keeps its days_done). Finished jobs are left as they are. */
export async function startRollupRebuild(workspaceId: string, id: string): Promise<ChunkResult> {
  const row = await findRebuild(workspaceId, id);
  const result = (status: ChunkResult["status"], superseded = false): ChunkResult => ({ status, superseded, daysDone: row.daysDone, daysTotal: row.daysTotal });
  if (row.status === "succeeded" || row.status === "failed") return result(row.status);
  if (await isSuperseded(row)) {
    await markSuperseded(row);
    return result("failed", true);
  }
  await db.rollupRebuild.updateMany({
    where: { workspaceId, id, status: { in: [...PENDING] } },
    data: { status: "running", startedAt: row.startedAt ?? new Date() },
  });
  return result("running");
}

/**
 * Rebuilds the next chunk of days (from days_done on) and records the progress; the last chunk
 * also marks the job succeeded. A job superseded by a newer one stops before touching any day.
 */
export async function rebuildNextChunk(workspaceId: string, id: string, options: { rebuild?: RebuildFn; chunkDays?: number } = {}): Promise<ChunkResult> {
  const rebuild = options.rebuild ?? rebuildRollups;
  const chunkDays = options.chunkDays ?? REBUILD_CHUNK_DAYS;
  let row = await findRebuild(workspaceId, id);
  if (row.status === "queued") {
    const started = await startRollupRebuild(workspaceId, id);
    if (started.status !== "running") return started;
    row = await findRebuild(workspaceId, id);
  }
  const result = (status: ChunkResult["status"], daysDone: number, superseded = false): ChunkResult => ({ status, superseded, daysDone, daysTotal: row.daysTotal });
  if (row.status !== "running") return result(row.status, row.daysDone);
  if (await isSuperseded(row)) {
    await markSuperseded(row);
    return result("failed", row.daysDone, true);
  }
  const fromDay = addDays(isoDay(row.fromDay), row.daysDone);
  const days = Math.min(chunkDays, row.daysTotal - row.daysDone);
  if (days > 0) await rebuild(workspaceId, { fromDay, toDay: addDays(fromDay, days - 1) });
  const daysDone = row.daysDone + Math.max(days, 0);
  const finished = daysDone >= row.daysTotal;
  // Only the run that still owns the row records progress: a superseding change may have ended it.
  const updated = await db.rollupRebuild.updateMany({
    where: { workspaceId, id, status: "running", daysDone: row.daysDone },
    data: finished ? { daysDone, status: "succeeded", finishedAt: new Date() } : { daysDone },
  });
  if (updated.count === 0) {
    const now = await findRebuild(workspaceId, id);
    return result(now.status, now.daysDone, now.error === SUPERSEDED_ERROR);
  }
  // Every customer's history may have changed meaning: the LTV model is fitted again on it.
  if (finished) await requestLtvFitAfterNewHistory(workspaceId);
  // So has every RFM quintile and purchase score.
  if (finished) await requestFullRecompute(workspaceId);
  return result(finished ? "succeeded" : "running", daysDone);
}

export async function failRollupRebuild(workspaceId: string, id: string, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  await db.rollupRebuild.updateMany({
    where: { workspaceId, id, status: { in: [...PENDING] } },
    data: { status: "failed", error: message.slice(0, 2000) || "The rebuild failed.", finishedAt: new Date() },
  });
}

/** Works a job to its end in this process: the same steps the durable function takes. */
export async function runRollupRebuild(workspaceId: string, id: string, options: { rebuild?: RebuildFn; chunkDays?: number } = {}): Promise<ChunkResult> {
  try {
    let state = await startRollupRebuild(workspaceId, id);
    while (unfinished(state)) state = await rebuildNextChunk(workspaceId, id, options);
    return state;
  } catch (error) {
    log.error("rebuild failed", { rebuildId: id, err: error });
    await failRollupRebuild(workspaceId, id, error);
    const row = await findRebuild(workspaceId, id);
    return { status: row.status, superseded: false, daysDone: row.daysDone, daysTotal: row.daysTotal };
  }
}

/**
 * Queues a failed job again; it resumes from the days it had done. Only the latest job can be
 * retried: an older one was superseded by it.
 */
export async function requeueRollupRebuild(workspaceId: string, id: string): Promise<RebuildView> {
  const row = await findRebuild(workspaceId, id);
  if (row.status !== "failed") throw new AppError("conflict", "Only a failed rebuild can be retried.");
  const latest = await latestRollupRebuild(workspaceId);
  if (latest?.id !== id) throw new AppError("conflict", "A newer rebuild replaces this one.");
  const updated = await db.rollupRebuild.update({
    where: { workspaceId_id: { workspaceId, id } },
    data: { status: "queued", error: null, finishedAt: null },
  });
  return toView(updated);
}

export async function latestRollupRebuild(workspaceId: string): Promise<RebuildView | null> {
  const row = await db.rollupRebuild.findFirst({ where: { workspaceId }, orderBy: { queuedAt: "desc" } });
  return row ? toView(row) : null;
}

export async function getRollupRebuild(workspaceId: string, id: string): Promise<RebuildView> {
  return toView(await findRebuild(workspaceId, id));
}

/** The newest unfinished job of the workspace; older unfinished ones are marked superseded. */
export async function nextPendingRebuild(workspaceId: string): Promise<RebuildView | null> {
  const pending = await db.rollupRebuild.findMany({ where: { workspaceId, status: { in: [...PENDING] } }, orderBy: { queuedAt: "desc" } });
  for (const older of pending.slice(1)) await markSuperseded(older);
  return pending[0] ? toView(pending[0]) : null;
}

/** Workspaces with an unfinished job, for the local scheduler to resume after a restart. */
export async function workspacesWithPendingRebuilds(): Promise<string[]> {
  const rows = await db.rollupRebuild.findMany({ where: { status: { in: [...PENDING] } }, distinct: ["workspaceId"], select: { workspaceId: true } });
  return rows.map((r) => r.workspaceId);
}

/** The newest unfinished job of each workspace, for a restarted process to resume. */
export async function pendingRebuildJobs(): Promise<{ workspaceId: string; rebuildId: string }[]> {
  const jobs = [];
  for (const workspaceId of await workspacesWithPendingRebuilds()) {
    const next = await nextPendingRebuild(workspaceId);
    if (next) jobs.push({ workspaceId, rebuildId: next.id });
  }
  return jobs;
}
