import { jobBackend } from "./backend";
import type { JobDefinition } from "./define";
import { assertIdsOnly, newRunId, recordQueued } from "./ledger";
import { enqueueLocalRun } from "./local";

/** The event field that carries a run's id in the job ledger to the Inngest function; handlers never see it. */
export const RUN_ID_FIELD = "_jobRunId";

/** Inngest events for payloads of a job; a dedupe key becomes the event id, which Inngest ignores when seen again. */
export function eventsOf<P extends object>(job: JobDefinition<P>, payloads: P[], runIds: string[] = []) {
  if (!job.event) throw new Error(`Job ${job.id} is scheduled, not triggered by an event.`);
  return payloads.map((payload, i) => ({
    name: job.event!,
    data: runIds[i] ? { ...payload, [RUN_ID_FIELD]: runIds[i] } : payload,
    ...(job.dedupeKey ? { id: `${job.id}:${job.dedupeKey(payload)}` } : {}),
  }));
}

/** Ledger rows for payloads about to be sent to Inngest, and the events that carry their ids. */
export async function recordedEventsOf<P extends object>(job: JobDefinition<P>, payloads: P[], options: { replayOf?: string } = {}) {
  if (!job.event) throw new Error(`Job ${job.id} is scheduled, not triggered by an event.`);
  payloads.forEach((payload) => assertIdsOnly(job.id, payload));
  const runIds = payloads.map(() => newRunId());
  await Promise.all(payloads.map((payload, i) => recordQueued({ id: runIds[i]!, kind: job.id, payload, replayOf: options.replayOf })));
  return { runIds, events: eventsOf(job, payloads, runIds) };
}

/**
 * Asks for a job to run: sent to Inngest when it is configured, queued in this process otherwise.
 * Returns the run's id in the job ledger (null when the same job already waits in this process).
 */
export async function enqueue<P extends object>(job: JobDefinition<P>, payload: P, options: { replayOf?: string } = {}): Promise<string | null> {
  const data = job.schema.parse(payload);
  if (jobBackend() === "inngest") {
    const { inngest } = await import("./inngest-client");
    const { runIds, events } = await recordedEventsOf(job, [data], options);
    await inngest.send(events);
    return runIds[0]!;
  }
  return enqueueLocalRun(job, data, options);
}
