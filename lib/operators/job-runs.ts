import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { JobReplayError, replayJobRun } from "@/lib/jobs/replay";
import type { AuditActor } from "@/lib/log/context";
import { recordOperatorEvent } from "./events";

// Failed job runs as an operator sees them, and their replay recorded in the operators' trail.
// The command line uses this today; the console's jobs page is to call the same functions.

export type FailedRunView = { id: string; kind: string; workspaceId: string | null; finishedAt: Date | null; error: string | null };

const LIST_LIMIT_MAX = 200;

/** The newest failed runs not yet replayed, optionally of one job. */
export async function failedJobRuns(options: { kind?: string; limit?: number } = {}): Promise<FailedRunView[]> {
  const limit = options.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > LIST_LIMIT_MAX) throw AppError.field("limit", `Use a whole number from 1 to ${LIST_LIMIT_MAX}.`);
  return db.jobRun.findMany({
    where: { status: "failed", replayedBy: null, ...(options.kind ? { kind: options.kind } : {}) },
    orderBy: [{ finishedAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
    take: limit,
    select: { id: true, kind: true, workspaceId: true, finishedAt: true, error: true },
  });
}

const REFUSAL_CODES = { not_found: "not_found", not_failed: "conflict", already_replayed: "conflict", unknown_job: "conflict" } as const;

/** Queues a failed run again and records who asked; refusals come back as errors naming `run`. */
export async function replayFailedRun(runId: string, actor: AuditActor): Promise<{ runId: string }> {
  try {
    const replay = await replayJobRun(runId, actor);
    await recordOperatorEvent(null, { action: "job.replayed", target: { type: "job_run", id: runId }, actor, changes: { replayed_by: { before: null, after: replay.runId } } });
    return replay;
  } catch (error) {
    if (error instanceof JobReplayError) throw AppError.field("run", error.message, REFUSAL_CODES[error.code]);
    throw error;
  }
}
