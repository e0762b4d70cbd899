import { asBackgroundWork, poolSize } from "@/lib/db/lanes";
import { logger } from "@/lib/log";
import { withContext } from "@/lib/log/context";
import { markSpanFailed, traceJob } from "@/lib/observability/spans";
import { lockKeyOf, type AnyJob, type JobContext, type JobDefinition } from "./define";
import { assertIdsOnly, newRunId, recordFinished, recordQueued, recordSkipped, recordStarted } from "./ledger";
import { jobContextOf } from "./log-context";
import { withAdvisoryLock } from "./lock";

const log = logger("jobs");

// The in-process backend. Jobs of one concurrency key (a connection, a workspace) run one after
// another in lanes, the waiting ones ordered by priority; each runs under a Postgres advisory lock
// on the same key, so another process working that key makes this one skip it ("busy"). A failure
// is recorded by the job's onFailure and not retried here: the schedulers ask again (syncs at
// their next interval, rebuilds when the workspace retries).

type Waiting = { job: AnyJob; payload: object; queuedAt: number; dedupe: string | null; runId: string; recorded: Promise<void> };
type Lane = { waiting: Waiting[]; current: string | null; running: Promise<void> | null };

export type LocalOutcome = "done" | "failed" | "busy" | "stale";

const lanes = new Map<string, Lane>();
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The context a handler gets in process: steps run at once, sleeps are timers, enqueued jobs join the local lanes. */
export function localContext(sleep: (ms: number) => Promise<void> = defaultSleep): JobContext {
  return {
    step: (_id, work) => work(),
    sleep: (_id, ms) => sleep(ms),
    enqueue: async (_id, job, payloads) => {
      for (const payload of payloads) enqueueLocal(job, payload);
    },
  };
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** How a run is known to the job ledger: its id, and the queued row's insert to wait for. */
type RunOptions = { queuedAt?: number; context?: JobContext; runId?: string; recorded?: Promise<void> };

/** Runs one job now in this process, under its key's lock; records failures and stale jobs through the handler. */
export async function runLocalJob<P extends object>(job: JobDefinition<P>, payload: P, options: RunOptions = {}): Promise<LocalOutcome> {
  // On the background pools: a long sync must not take the connections web requests need. A job
  // acts as the system, never as the request that queued it; its lines carry its own id.
  return asBackgroundWork(() =>
    withContext(jobContextOf(job.id, payload), () => traceJob({ kind: job.id, backend: "local", attempt: 1, runId: options.runId }, () => runLocalJobNow(job, payload, options), (outcome) => outcome)),
  );
}

async function runLocalJobNow<P extends object>(job: JobDefinition<P>, payload: P, options: RunOptions): Promise<LocalOutcome> {
  const handler = await job.handler();
  const queuedAt = options.queuedAt ?? Date.now();
  const runId = options.runId ?? newRunId();
  await options.recorded;
  if (job.expireAfterMs !== undefined && Date.now() - queuedAt > job.expireAfterMs) {
    const why = `${job.id} dropped: queued ${Math.round((Date.now() - queuedAt) / 1000)} s ago, past its ${job.expireAfterMs / 1000} s expiry`;
    log.warn(why);
    if (options.runId) await recordFinished(runId, { status: "failed", error: why });
    await handler.onStale?.(payload, new Date(queuedAt));
    return "stale";
  }
  const outcome = await withAdvisoryLock(lockKeyOf(job, payload), async (): Promise<LocalOutcome> => {
    await recordStarted({ id: runId, kind: job.id, payload, attempt: 1 });
    try {
      await handler.run(payload, options.context ?? localContext());
      await recordFinished(runId, { status: "done" });
      return "done";
    } catch (error) {
      log.error(`${job.id} failed: ${describe(error)}`);
      markSpanFailed(error);
      await recordFinished(runId, { status: "failed", error });
      await handler.onFailure?.(payload, error);
      return "failed";
    }
  });
  if (outcome === null && options.runId) await recordSkipped(runId);
  return outcome ?? "busy";
}

// A running job holds a connection of the jobs pool for its lock and needs more for its work. With
// as many lanes running as the pool has connections, every job can end up holding its lock's
// connection while waiting for a second one, until the pool's connect timeout fails them. Lanes
// take turns so that at most half the pool is held by locks.
const slots = { free: null as number | null, waiting: [] as (() => void)[] };

async function takeSlot(): Promise<void> {
  slots.free ??= Math.max(1, Math.floor(poolSize("jobs") / 2));
  if (slots.free > 0) {
    slots.free--;
    return;
  }
  await new Promise<void>((resolve) => slots.waiting.push(resolve));
}

function giveSlot(): void {
  const next = slots.waiting.shift();
  if (next) next();
  else slots.free!++;
}

async function drain(key: string, lane: Lane): Promise<void> {
  for (let next = lane.waiting.shift(); next; next = lane.waiting.shift()) {
    lane.current = next.dedupe;
    await takeSlot();
    try {
      await runLocalJob(next.job, next.payload, { queuedAt: next.queuedAt, runId: next.runId, recorded: next.recorded });
    } catch (error) {
      // A handler that cannot even load, or a failure handler that fails: the lane goes on.
      log.error(`${next.job.id} crashed`, error);
    } finally {
      giveSlot();
    }
  }
  lane.current = null;
  lane.running = null;
  lanes.delete(key);
}

/** Queues a job in this process; false when the same job (by its dedupe key) already waits or runs. */
export function enqueueLocal<P extends object>(job: JobDefinition<P>, payload: P): boolean {
  return enqueueLocalRun(job, payload) !== null;
}

/**
 * Queues a job in this process and returns its run id in the job ledger, or null when the same
 * job already waits or runs. The ledger's insert is not awaited here (enqueueing stays cheap); the
 * run waits for it before it records its start.
 */
export function enqueueLocalRun<P extends object>(job: JobDefinition<P>, payload: P, options: { replayOf?: string } = {}): string | null {
  assertIdsOnly(job.id, payload);
  const key = lockKeyOf(job, payload);
  const dedupe = job.dedupeKey ? `${job.id}:${job.dedupeKey(payload)}` : null;
  const lane = lanes.get(key) ?? { waiting: [], current: null, running: null };
  if (dedupe && (lane.current === dedupe || lane.waiting.some((w) => w.dedupe === dedupe))) return null;
  const runId = newRunId();
  const recorded = recordQueued({ id: runId, kind: job.id, payload, replayOf: options.replayOf });
  const item: Waiting = { job, payload, queuedAt: Date.now(), dedupe, runId, recorded };
  const priority = job.priority ?? 0;
  const at = lane.waiting.findIndex((w) => (w.job.priority ?? 0) < priority);
  lane.waiting.splice(at === -1 ? lane.waiting.length : at, 0, item);
  lanes.set(key, lane);
  lane.running ??= drain(key, lane);
  return runId;
}

/** True while a job with this dedupe identity waits or runs here. */
export function isQueuedLocally<P extends object>(job: JobDefinition<P>, payload: P): boolean {
  const lane = lanes.get(lockKeyOf(job, payload));
  const dedupe = job.dedupeKey ? `${job.id}:${job.dedupeKey(payload)}` : null;
  return Boolean(lane && (dedupe === null || lane.current === dedupe || lane.waiting.some((w) => w.dedupe === dedupe)));
}

/** Resolves when this process has no queued or running local job left (tests, CLI, shutdown). */
export async function localJobsSettled(): Promise<void> {
  while (lanes.size) await Promise.allSettled([...lanes.values()].map((lane) => lane.running));
}
