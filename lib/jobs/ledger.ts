import crypto from "node:crypto";
import { db } from "@/lib/db/client";
import { logger } from "@/lib/log";
import { isSecretKey, redactText } from "@/lib/log/redact";

// The job ledger (`job_runs`): one insert when a job is queued, an update when it starts and one
// when it ends, whichever backend runs it. A run that never went through `enqueue` (a scheduled
// tick, a sync dispatched directly) is inserted when it starts. The ledger observes jobs and must
// never fail one: a write that fails is logged and the job goes on. Writes go through Prisma's pool,
// not the pg pool a running job holds its advisory lock on, so lanes never wait on each other for
// a connection to record themselves.

const log = logger("jobs.ledger");

export const JOB_RUN_RETENTION_DAYS = 30;
const ERROR_LIMIT = 2_000;

export type JobRunStatus = "queued" | "running" | "done" | "failed";

export const newRunId = (): string => crypto.randomUUID();

/** The secret-named keys anywhere in a payload (job payloads carry ids only, so there should be none). */
export function secretKeysOf(value: unknown, path = ""): string[] {
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([key, inner]) => {
    const here = path ? `${path}.${key}` : key;
    return [...(isSecretKey(key) ? [here] : []), ...secretKeysOf(inner, here)];
  });
}

/** Refuses a payload with a secret-named field: it would be stored in the ledger and shown to operators. */
export function assertIdsOnly(kind: string, payload: object): void {
  const found = secretKeysOf(payload);
  if (found.length) throw new Error(`Job ${kind}'s payload has secret-named field(s) ${found.join(", ")}; job payloads carry ids only.`);
}

/** An error as the ledger keeps it: its message redacted, then cut to a bounded length. */
export function ledgerError(error: unknown): string {
  const text = redactText(error instanceof Error ? error.message : String(error));
  return text.length > ERROR_LIMIT ? `${text.slice(0, ERROR_LIMIT - 1)}…` : text;
}

const workspaceOf = (payload: object): string | null => {
  const value = (payload as { workspaceId?: unknown }).workspaceId;
  return typeof value === "string" ? value : null;
};

async function write(what: string, sql: string, values: unknown[]): Promise<void> {
  try {
    await db.$executeRawUnsafe(sql, ...values);
  } catch (error) {
    log.warn(`job ledger: could not record ${what}`, error);
  }
}

export type QueuedRun = { id: string; kind: string; payload: object; replayOf?: string | null };

/** The row of a job just queued. */
export function recordQueued(run: QueuedRun): Promise<void> {
  return write(
    "a queued job",
    `INSERT INTO job_runs (id, kind, workspace_id, payload, status, queued_at, replay_of)
     VALUES ($1, $2, $3, $4::jsonb, 'queued', $5, $6) ON CONFLICT (id) DO NOTHING`,
    [run.id, run.kind, workspaceOf(run.payload), JSON.stringify(run.payload), new Date(), run.replayOf ?? null],
  );
}

/** A run starts (or starts again: `attempt` counts from 1); inserted if it was never queued through the ledger. */
export function recordStarted(run: { id: string; kind: string; payload: object; attempt: number }): Promise<void> {
  return write(
    "a started job",
    `INSERT INTO job_runs (id, kind, workspace_id, payload, status, attempts, queued_at, started_at)
     VALUES ($1, $2, $3, $4::jsonb, 'running', $5, $6, $6)
     ON CONFLICT (id) DO UPDATE SET status = 'running', attempts = GREATEST(job_runs.attempts, EXCLUDED.attempts),
       started_at = COALESCE(job_runs.started_at, EXCLUDED.started_at)
     WHERE job_runs.status <> 'done'`,
    [run.id, run.kind, workspaceOf(run.payload), JSON.stringify(run.payload), run.attempt, new Date()],
  );
}

/** A run ends: done, or failed with its error (redacted, truncated). */
export function recordFinished(id: string, outcome: { status: "done" } | { status: "failed"; error: unknown }): Promise<void> {
  const error = outcome.status === "failed" ? ledgerError(outcome.error) : null;
  return write(
    `a ${outcome.status} job`,
    `UPDATE job_runs SET status = $2::"JobRunStatus", finished_at = $4, error = $3,
       started_at = COALESCE(started_at, $4) WHERE id = $1`,
    [id, outcome.status, error, new Date()],
  );
}

/** A queued run that was never worked here (another process held its key): not a run at all. */
export function recordSkipped(id: string): Promise<void> {
  return write("a skipped job", `DELETE FROM job_runs WHERE id = $1 AND status <> 'done'`, [id]);
}
