import { z } from "zod";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { JOBS } from "@/lib/jobs/catalog";
import { JobReplayError, replayJobRun } from "@/lib/jobs/replay";
import type { AuditActor } from "@/lib/log/context";
import { recordOperatorEvent } from "./events";
import { parseConsoleQuery } from "./query";

// Failed job runs as an operator sees them, and their replay recorded in the operators' trail.
// The command line and the console's jobs page both call these.

export type FailedRunView = { id: string; kind: string; workspaceId: string | null; finishedAt: Date | null; error: string | null };

const LIST_LIMIT_MAX = 200;
export const FAILED_RUNS_PAGE_SIZE = 20;
// Paging deeper than this is a kind filter's job.
export const MAX_FAILED_RUNS_OFFSET = 5_000;

/** The job kinds an operator can filter by: the catalog's, so a filter never names a job that cannot exist. */
export const JOB_KINDS: readonly string[] = JOBS.map((job) => job.id).sort();

const failedWhere = (kind: string | undefined): Prisma.JobRunWhereInput => ({ status: "failed", replayedBy: null, ...(kind ? { kind } : {}) });

/** The newest failed runs not yet replayed, optionally of one job; `offset` pages back through them. */
export async function failedJobRuns(options: { kind?: string; limit?: number; offset?: number } = {}): Promise<FailedRunView[]> {
  const limit = options.limit ?? FAILED_RUNS_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > LIST_LIMIT_MAX) throw AppError.field("limit", `Use a whole number from 1 to ${LIST_LIMIT_MAX}.`);
  return db.jobRun.findMany({
    where: failedWhere(options.kind),
    orderBy: [{ finishedAt: { sort: "desc", nulls: "last" } }, { id: "desc" }],
    skip: options.offset ?? 0,
    take: limit,
    select: { id: true, kind: true, workspaceId: true, finishedAt: true, error: true },
  });
}

/** How many failed runs wait for a replay, optionally of one job. */
export function countFailedJobRuns(kind?: string): Promise<number> {
  return db.jobRun.count({ where: failedWhere(kind) });
}

export const ZFailedRunsQuery = z.object({
  kind: z
    .string()
    .trim()
    .optional()
    .default("")
    .refine((kind) => kind === "" || JOB_KINDS.includes(kind), { message: "Choose a job kind from the list." }),
  offset: z.coerce.number({ error: "Offset must be a whole number." }).int("Offset must be a whole number.").min(0, "Offset cannot be negative.").max(MAX_FAILED_RUNS_OFFSET, `Offset can be at most ${MAX_FAILED_RUNS_OFFSET}.`).optional().default(0),
});

export type TFailedRunsQuery = z.infer<typeof ZFailedRunsQuery>;

/** The jobs page's query string, or an error naming the field that is wrong. */
export function parseFailedRunsQuery(input: Record<string, unknown>): TFailedRunsQuery {
  return parseConsoleQuery(ZFailedRunsQuery, input, "kind");
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
