import { jobBackend } from "./backend";
import type { JobDefinition } from "./define";
import { enqueueLocal } from "./local";

/** Inngest events for payloads of a job; a dedupe key becomes the event id, which Inngest ignores when seen again. */
export function eventsOf<P extends object>(job: JobDefinition<P>, payloads: P[]) {
  if (!job.event) throw new Error(`Job ${job.id} is scheduled, not triggered by an event.`);
  return payloads.map((data) => ({ name: job.event!, data, ...(job.dedupeKey ? { id: `${job.id}:${job.dedupeKey(data)}` } : {}) }));
}

/** Asks for a job to run: sent to Inngest when it is configured, queued in this process otherwise. */
export async function enqueue<P extends object>(job: JobDefinition<P>, payload: P): Promise<void> {
  const data = job.schema.parse(payload);
  if (jobBackend() === "inngest") {
    const { inngest } = await import("./inngest-client");
    await inngest.send(eventsOf(job, [data]));
    return;
  }
  enqueueLocal(job, data);
}
