import { eventType, NonRetriableError, RetryAfterError } from "inngest";
import type { JobContext, JobDefinition } from "@/lib/jobs/define";
import { PermanentJobError, RetryLaterError } from "@/lib/jobs/errors";
import { RUN_ID_FIELD, recordedEventsOf } from "@/lib/jobs/enqueue";
import { recordFinished, recordStarted } from "@/lib/jobs/ledger";
import { inngest } from "@/lib/jobs/inngest-client";
import { jobContextOf } from "@/lib/jobs/log-context";
import { withContext } from "@/lib/log/context";
import { traceJob } from "@/lib/observability/spans";

// Turns a job definition into an Inngest function: its event or cron, concurrency, throttle,
// priority, retries and failure handler. The handler is the same code the in-process backend
// runs; only the context differs (durable steps, sleeps and event fan-out). The job ledger hears
// each invocation start (idempotently: Inngest calls the function again for every step), the end,
// and the failure once the retries are spent.

type EventData = Record<string, unknown>;

/** The payload a handler sees and the ledger's run id the event carried (else Inngest's own run id). */
function unwrap(data: unknown, fallbackRunId: string): { payload: EventData; runId: string } {
  const { [RUN_ID_FIELD]: carried, ...payload } = (data ?? {}) as EventData;
  return { payload, runId: typeof carried === "string" ? carried : fallbackRunId };
}

/** Inngest's own errors for the seam's: no retry, or a retry no sooner than asked. */
function forInngest(error: unknown): unknown {
  if (error instanceof PermanentJobError) return new NonRetriableError(error.message, { cause: error.cause });
  if (error instanceof RetryLaterError) return new RetryAfterError(error.message, error.retryAfterMs, { cause: error.cause });
  return error;
}

export function fromJob<P extends object>(job: JobDefinition<P>) {
  const key = job.concurrencyKey ? `event.data.${job.concurrencyKey}` : undefined;
  const triggers = job.schedule ? [{ cron: job.schedule.cron }] : [eventType(job.event!, { schema: job.schema as never })];
  return inngest.createFunction(
    {
      id: job.id,
      triggers,
      retries: job.retries,
      ...(key ? { concurrency: { key, limit: 1 } } : {}),
      ...(key && job.throttle ? { throttle: { key, limit: job.throttle.limit, period: `${job.throttle.periodSeconds}s` as const } } : {}),
      // Inngest runs a higher value sooner, counted in seconds of queue time.
      ...(job.priority ? { priority: { run: String(job.priority) } } : {}),
      onFailure: async ({ event, error }: { event: { data: { event: { data: unknown }; run_id: string } }; error: unknown }) => {
        const handler = await job.handler();
        const { payload, runId } = unwrap(event.data.event.data, event.data.run_id);
        await recordFinished(runId, { status: "failed", error });
        await handler.onFailure?.(payload as P, error);
      },
    },
    async ({ event, step, runId: inngestRunId, attempt }) => {
      const handler = await job.handler();
      const { payload: data, runId } = unwrap(job.schedule ? {} : event.data, inngestRunId);
      const payload = data as P;
      const sentAt = typeof event.ts === "number" ? event.ts : null;
      if (job.expireAfterMs !== undefined && sentAt !== null && Date.now() - sentAt > job.expireAfterMs) {
        await step.run("drop-stale", async () => {
          await recordFinished(runId, { status: "failed", error: `${job.id} dropped: queued past its ${job.expireAfterMs! / 1000} s expiry` });
          await handler.onStale?.(payload, new Date(sentAt));
        });
        return { stale: true };
      }
      const context: JobContext = {
        step: async (id, work) =>
          (await step.run(id, async () => {
            try {
              return await work();
            } catch (error) {
              throw forInngest(error);
            }
          })) as never,
        sleep: async (id, ms) => {
          await step.sleep(id, ms);
        },
        enqueue: async (id, other, payloads) => {
          if (!payloads.length) return;
          const { events } = await step.run(`${id}:ledger`, () => recordedEventsOf(other, payloads));
          await step.sendEvent(id, events as never);
        },
      };
      await recordStarted({ id: runId, kind: job.id, payload, attempt: attempt + 1 });
      try {
        const result = await withContext(jobContextOf(job.id, payload), () => traceJob({ kind: job.id, backend: "inngest", attempt: attempt + 1, runId }, () => handler.run(payload, context)));
        await recordFinished(runId, { status: "done" });
        return result;
      } catch (error) {
        // Failures outside a step (a connection whose provider is unknown) follow the same rules.
        throw forInngest(error);
      }
    },
  );
}
