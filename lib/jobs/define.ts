import type { z } from "zod";

// A job is a definition (what it is called, what it carries, how it may run) plus a handler that
// is loaded only when a job runs. Rooms define their jobs beside their code and enqueue them
// through the seam (./enqueue.ts); whether Inngest or this process runs them is decided there,
// once, and inngest/ only turns these definitions into Inngest functions.

export type JobContext = {
  /**
   * A unit of work that commits its own progress. Under Inngest it is a durable step (memoised,
   * so a retry resumes after the last one that finished); in process it simply runs.
   */
  step<T>(id: string, work: () => Promise<T>): Promise<T>;
  /** Waits without holding a worker under Inngest (a durable sleep); in process, a timer. */
  sleep(id: string, ms: number): Promise<void>;
  /** Queues other jobs: one durable step under Inngest, the local queue otherwise. */
  enqueue<P extends object>(id: string, job: JobDefinition<P>, payloads: P[]): Promise<void>;
};

export type JobHandler<P, R = unknown> = {
  run(payload: P, context: JobContext): Promise<R>;
  /** Once every retry is spent (or a PermanentJobError was thrown): record the failure. */
  onFailure?(payload: P, error: unknown): Promise<void>;
  /** A queued job that waited longer than `expireAfterMs` is dropped; this records why. */
  onStale?(payload: P, queuedAt: Date): Promise<void>;
};

/** Inngest takes 0 to 20 retries; more than ten would only delay a failure being recorded. */
export type Retries = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

export type JobDefinition<P extends object = Record<string, unknown>> = {
  /** Stable id: the Inngest function id, and part of every lock and log line. */
  id: string;
  /** The event that triggers it under Inngest (scheduled jobs have none). */
  event?: string;
  schema: z.ZodType<P>;
  /** Payload field whose value runs one job at a time (a connection, a workspace). */
  concurrencyKey?: keyof P & string;
  /** Higher runs first among jobs waiting for the same key. */
  priority?: number;
  /** A job still queued after this long is dropped as stale (its onStale records it). */
  expireAfterMs?: number;
  /** Durable retries under Inngest, with its exponential backoff; in process a failure is final and the schedulers ask again. */
  retries: Retries;
  /** At most `limit` starts per `periodSeconds` per concurrency key (Inngest). */
  throttle?: { limit: number; periodSeconds: number };
  /** Scheduled jobs: a cron expression for Inngest, and the interval the in-process scheduler uses. */
  schedule?: { cron: string; everyMs: number };
  /** A payload's identity: the same id enqueued again while one waits or runs is not queued twice. */
  dedupeKey?: (payload: P) => string;
  /** What a restarted process must pick up again (jobs whose state lives in the database). */
  recover?: () => Promise<P[]>;
  handler: () => Promise<JobHandler<P>>;
};

/** A job of any payload, for lists of jobs (the catalog, the local lanes). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- payload types differ per job; each is checked by its schema
export type AnyJob = JobDefinition<any>;

export function defineJob<P extends object>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}

/** The concurrency key's value of a payload, or the job id for jobs that run one at a time overall. */
export function lockKeyOf<P extends object>(job: JobDefinition<P>, payload: P): string {
  const value = job.concurrencyKey ? String(payload[job.concurrencyKey]) : "*";
  return `job:${job.id}:${value}`;
}
