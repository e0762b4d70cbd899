import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { fromJob } from "@/inngest/from-job";
import { db } from "@/lib/db/client";
import { defineJob, lockKeyOf, type JobHandler } from "@/lib/jobs/define";
import { PermanentJobError } from "@/lib/jobs/errors";
import { enqueueLocal, localJobsSettled, runLocalJob } from "@/lib/jobs/local";
import { withAdvisoryLock } from "@/lib/jobs/lock";
import { connectDemoStore } from "@/lib/connections/service";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { syncConnectionJob } from "@/lib/sync/jobs";
import { createRun, getRun } from "@/lib/sync/runs";
import { unique } from "../helpers";

// The in-process backend of the job seam: lanes per concurrency key, priority among waiting jobs,
// duplicates dropped, stale jobs recorded, another process's lock respected, failures recorded.

type Payload = { lane: string; name: string };

function recordingJob(options: { priority?: number; expireAfterMs?: number; fail?: boolean; started?: Promise<void> } = {}) {
  const ran: string[] = [];
  const failures: string[] = [];
  const stale: string[] = [];
  const handler: JobHandler<Payload> = {
    async run(payload, context) {
      await context.step("work", async () => {
        if (payload.name === "first") await options.started;
        ran.push(payload.name);
        if (options.fail) throw new PermanentJobError(`${payload.name} cannot work`);
      });
    },
    onFailure: async (payload, error) => {
      failures.push(`${payload.name}: ${(error as Error).message}`);
    },
    onStale: async (payload) => {
      stale.push(payload.name);
    },
  };
  const make = (id: string, priority?: number) =>
    defineJob<Payload>({
      id,
      schema: z.object({ lane: z.string(), name: z.string() }),
      concurrencyKey: "lane",
      retries: 0,
      priority,
      expireAfterMs: options.expireAfterMs,
      dedupeKey: (payload) => payload.name,
      handler: async () => handler,
    });
  return { ran, failures, stale, make };
}

describe("the in-process job backend", () => {
  it("runs one key's jobs in turn, higher priority first, and drops a duplicate that is already waiting", async () => {
    let release!: () => void;
    const started = new Promise<void>((resolve) => (release = resolve));
    const { ran, make } = recordingJob({ started });
    const id = unique("lane");
    const low = make(id);
    const high = make(id, 5);
    const key = unique("key");
    expect(enqueueLocal(low, { lane: key, name: "first" })).toBe(true);
    expect(enqueueLocal(low, { lane: key, name: "low" })).toBe(true);
    expect(enqueueLocal(low, { lane: key, name: "low" })).toBe(false);
    expect(enqueueLocal(high, { lane: key, name: "high" })).toBe(true);
    release();
    await localJobsSettled();
    expect(ran).toEqual(["first", "high", "low"]);
  });

  it("runs at most half the jobs pool's worth of lanes at once, so a running job can still get a connection", async () => {
    let running = 0;
    let most = 0;
    const job = defineJob<Payload>({
      id: unique("busy"),
      schema: z.object({ lane: z.string(), name: z.string() }),
      concurrencyKey: "lane",
      retries: 0,
      handler: async () => ({
        async run() {
          running++;
          most = Math.max(most, running);
          try {
            // Work that needs a connection beside the lock's.
            await db.$queryRaw`SELECT 1 AS one FROM pg_sleep(0.05)`;
          } finally {
            running--;
          }
        },
      }),
    });
    for (let i = 0; i < 24; i++) enqueueLocal(job, { lane: unique("lane"), name: `job-${i}` });
    await localJobsSettled();
    expect(most).toBeLessThanOrEqual(5);
    expect(most).toBeGreaterThan(1);
    const runs = await db.jobRun.findMany({ where: { kind: job.id }, select: { status: true } });
    expect(runs.map((run) => run.status)).toEqual(Array(24).fill("done"));
  });

  it("drops a job that waited past its expiry and records it instead of running it", async () => {
    const { ran, stale, make } = recordingJob({ expireAfterMs: 60_000 });
    const job = make(unique("expiring"));
    expect(await runLocalJob(job, { lane: "k", name: "late" }, { queuedAt: Date.now() - 61_000 })).toBe("stale");
    expect(await runLocalJob(job, { lane: "k", name: "fresh" }, { queuedAt: Date.now() - 1_000 })).toBe("done");
    expect(stale).toEqual(["late"]);
    expect(ran).toEqual(["fresh"]);
  });

  it("leaves a key another process holds, and records a failure through the job's handler", async () => {
    const { ran, failures, make } = recordingJob({ fail: true });
    const job = make(unique("locked"));
    const payload = { lane: unique("key"), name: "blocked" };
    const busy = await withAdvisoryLock(lockKeyOf(job, payload), () => runLocalJob(job, payload));
    expect(busy).toBe("busy");
    expect(ran).toEqual([]);
    expect(await runLocalJob(job, payload)).toBe("failed");
    expect(failures).toEqual(["blocked: blocked cannot work"]);
  });

  it("cancels a sync run whose job went stale, saying why", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const { id } = await connectDemoStore(workspace.id, { orders: 100 });
    const scope = { workspaceId: workspace.id, connectionId: id };
    const run = await createRun(scope, "incremental");
    const outcome = await runLocalJob(syncConnectionJob, { ...scope, runId: run.id }, { queuedAt: Date.now() - 7 * 3_600_000 });
    expect(outcome).toBe("stale");
    expect(await getRun(scope, run.id)).toMatchObject({ status: "cancelled", errorCode: "stale" });
    expect(await db.order.count({ where: scope })).toBe(0);
  });
});

describe("a job as an Inngest function", () => {
  it("fails for good on a PermanentJobError thrown outside any step", async () => {
    const job = defineJob<Payload>({
      id: unique("outside"),
      event: "test/outside.requested",
      schema: z.object({ lane: z.string(), name: z.string() }),
      retries: 3,
      handler: async () => ({
        run: async () => {
          throw new PermanentJobError("nothing to do for this kind");
        },
      }),
    });
    const { error } = await new InngestTestEngine({ function: fromJob(job) }).execute({ events: [{ name: job.event!, data: { lane: "k", name: "n" } }] });
    expect(error).toMatchObject({ name: "NonRetriableError", message: "nothing to do for this kind" });
  });

  it("drops an event older than the job's expiry through onStale, and fails for good on a PermanentJobError", async () => {
    const { ran, stale, make } = recordingJob({ expireAfterMs: 60_000, fail: true });
    const job = { ...make(unique("durable")), event: "test/durable.requested" };
    const fn = fromJob(job);
    const old = await new InngestTestEngine({ function: fn }).execute({
      events: [{ name: job.event, data: { lane: "k", name: "old" }, ts: Date.now() - 120_000 }],
    });
    expect(old.result).toEqual({ stale: true });
    expect(stale).toEqual(["old"]);

    const failing = await new InngestTestEngine({ function: fn }).execute({ events: [{ name: job.event, data: { lane: "k", name: "now" }, ts: Date.now() }] });
    expect(failing.error).toMatchObject({ name: "NonRetriableError", message: "now cannot work" });
    expect(ran).toEqual(["now"]);
  });
});
