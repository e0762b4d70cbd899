import { db } from "@/lib/db/client";
import { logger } from "@/lib/log";
import type { AuditActor } from "@/lib/log/context";
import { JOBS } from "./catalog";
import type { AnyJob } from "./define";
import { enqueue } from "./enqueue";

// Replaying a failed run: the same job with the same payload, queued again as a new run that
// names the one it repeats. A run is replayed at most once (the claim is one conditional update),
// so two operators pressing the button at once queue it once. The caller audits the replay.

const log = logger("jobs.replay");

export type TJobReplayRefusal = "not_found" | "not_failed" | "already_replayed" | "unknown_job";

export class JobReplayError extends Error {
  constructor(
    readonly code: TJobReplayRefusal,
    message: string,
  ) {
    super(message);
    this.name = "JobReplayError";
  }
}

/** Queues a failed run's job again with its payload; `jobs` is the catalog the run's kind is found in. */
export async function replayJobRun(runId: string, actor: AuditActor, jobs: readonly AnyJob[] = JOBS): Promise<{ runId: string }> {
  const run = await db.jobRun.findUnique({ where: { id: runId }, select: { id: true, kind: true, payload: true, status: true, replayedBy: true } });
  if (!run) throw new JobReplayError("not_found", `No job run ${runId}.`);
  if (run.status !== "failed") throw new JobReplayError("not_failed", `Job run ${runId} is ${run.status}; only failed runs can be replayed.`);
  if (run.replayedBy) throw new JobReplayError("already_replayed", `Job run ${runId} was already replayed as ${run.replayedBy}.`);
  const job = jobs.find((candidate) => candidate.id === run.kind);
  if (!job) throw new JobReplayError("unknown_job", `Job run ${runId} is of ${run.kind}, which no longer exists.`);

  // Claimed before queueing: a second replay of the same run finds it taken.
  const claim = await db.jobRun.updateMany({ where: { id: runId, status: "failed", replayedBy: null }, data: { replayedBy: "pending" } });
  if (claim.count !== 1) throw new JobReplayError("already_replayed", `Job run ${runId} is being replayed already.`);
  try {
    const newRunId = await enqueue(job, run.payload as object, { replayOf: runId });
    if (!newRunId) throw new Error(`${run.kind} with this payload is already queued.`);
    await db.jobRun.update({ where: { id: runId }, data: { replayedBy: newRunId } });
    log.info(`job run replayed`, { runId, newRunId, kind: run.kind, actorKind: actor.kind, actorId: actor.id });
    return { runId: newRunId };
  } catch (error) {
    await db.jobRun.updateMany({ where: { id: runId, replayedBy: "pending" }, data: { replayedBy: null } });
    throw error;
  }
}
