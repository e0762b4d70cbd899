import { describe, expect, it } from "vitest";
import { z } from "zod";
import { db } from "@/lib/db/client";
import { JOBS } from "@/lib/jobs/catalog";
import { defineJob, type JobHandler } from "@/lib/jobs/define";
import { enqueue } from "@/lib/jobs/enqueue";
import { assertIdsOnly, secretKeysOf } from "@/lib/jobs/ledger";
import { sweepJobRuns } from "@/lib/jobs/ledger-sweep";
import { localJobsSettled, runLocalJob } from "@/lib/jobs/local";
import { JobReplayError, replayJobRun } from "@/lib/jobs/replay";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { removeWorkspaceRows } from "@/lib/workspaces/service";
import { unique } from "../helpers";

// The job ledger: every run recorded from queued to its end, failures with their error redacted,
// a failed run replayed once as a new run, old runs swept.

type Payload = { workspaceId: string; attempt: string };
const SECRET = "shpat_0123456789abcdef0123456789abcdef";

function flakyJob(kind: string, failFirst: boolean) {
  const ran: string[] = [];
  let calls = 0;
  const handler: JobHandler<Payload> = {
    async run(payload) {
      calls++;
      ran.push(payload.attempt);
      if (failFirst && calls === 1) throw new Error(`token ${SECRET} refused for owner@example.com`);
    },
  };
  const job = defineJob<Payload>({
    id: kind,
    event: `test/${kind}`,
    schema: z.object({ workspaceId: z.string(), attempt: z.string() }),
    concurrencyKey: "workspaceId",
    retries: 0,
    handler: async () => handler,
  });
  return { job, ran };
}

const runOf = (id: string) => db.jobRun.findUniqueOrThrow({ where: { id } });

describe("the job ledger", () => {
  it("records a queued job through to done, with its workspace and payload", async () => {
    const kind = unique("ledger-done");
    const { job, ran } = flakyJob(kind, false);
    const workspaceId = unique("ws");
    const id = await enqueue(job, { workspaceId, attempt: "one" });
    expect(id).toBeTruthy();
    await localJobsSettled();
    expect(ran).toEqual(["one"]);
    const run = await runOf(id!);
    expect(run).toMatchObject({ kind, workspaceId, status: "done", attempts: 1, error: null, payload: { workspaceId, attempt: "one" } });
    expect(run.startedAt!.getTime()).toBeGreaterThanOrEqual(run.queuedAt.getTime());
    expect(run.finishedAt!.getTime()).toBeGreaterThanOrEqual(run.startedAt!.getTime());
  });

  it("shows a failing job as failed with its error redacted, and replays it once as a new run", async () => {
    const kind = unique("ledger-fail");
    const { job, ran } = flakyJob(kind, true);
    const workspaceId = unique("ws");
    const failedId = (await enqueue(job, { workspaceId, attempt: "first" }))!;
    await localJobsSettled();
    const failed = await runOf(failedId);
    expect(failed.status).toBe("failed");
    expect(failed.error).toContain("refused");
    expect(failed.error).not.toContain(SECRET);
    expect(failed.error).not.toContain("owner@example.com");

    const actor = { kind: "operator" as const, id: unique("op") };
    const { runId } = await replayJobRun(failedId, actor, [job]);
    await localJobsSettled();
    expect(ran).toEqual(["first", "first"]);
    expect(await runOf(runId)).toMatchObject({ status: "done", replayOf: failedId, payload: { workspaceId, attempt: "first" } });
    expect((await runOf(failedId)).replayedBy).toBe(runId);

    // Once only, and never a run that did not fail.
    await expect(replayJobRun(failedId, actor, [job])).rejects.toMatchObject({ code: "already_replayed" });
    await expect(replayJobRun(runId, actor, [job])).rejects.toMatchObject({ code: "not_failed" });
    await expect(replayJobRun(unique("nope"), actor, [job])).rejects.toBeInstanceOf(JobReplayError);
  });

  it("refuses to replay a run whose job is not in the catalog", async () => {
    const kind = unique("ledger-gone");
    const { job } = flakyJob(kind, true);
    const id = (await enqueue(job, { workspaceId: unique("ws"), attempt: "x" }))!;
    await localJobsSettled();
    await expect(replayJobRun(id, { kind: "system", id: null })).rejects.toMatchObject({ code: "unknown_job" });
    expect((await runOf(id)).replayedBy).toBeNull();
  });

  it("records a run that never went through enqueue (a scheduled tick) when it starts", async () => {
    const kind = unique("ledger-tick");
    const { job } = flakyJob(kind, false);
    const workspaceId = unique("ws");
    expect(await runLocalJob(job, { workspaceId, attempt: "tick" })).toBe("done");
    const runs = await db.jobRun.findMany({ where: { kind } });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "done", workspaceId, attempts: 1 });
  });

  it("refuses a payload with a secret-named field, and no job in the catalog has one", async () => {
    expect(() => assertIdsOnly("x", { workspaceId: "w", nested: { accessToken: "t" } })).toThrow(/nested\.accessToken/);
    for (const job of JOBS) {
      const shape = (job.schema as unknown as { shape?: Record<string, unknown> }).shape ?? {};
      const keys = Object.fromEntries(Object.keys(shape).map((key) => [key, 1]));
      expect(secretKeysOf(keys), job.id).toEqual([]);
    }
  });

  it("sweeps runs past 30 days and closes runs a stopped process left behind", async () => {
    const { workspace } = await seedWorkspaceWithOwner();
    const now = new Date("2031-03-01T12:00:00Z");
    const day = 86_400_000;
    const kind = unique("ledger-sweep");
    const base = { kind, workspaceId: workspace.id, payload: {} };
    await db.jobRun.createMany({
      data: [
        { ...base, id: unique("old"), status: "done", queuedAt: new Date(now.getTime() - 31 * day) },
        { ...base, id: unique("recent"), status: "done", queuedAt: new Date(now.getTime() - 29 * day) },
        { ...base, id: unique("stuck"), status: "running", queuedAt: new Date(now.getTime() - 2 * day) },
        { ...base, id: unique("waiting"), status: "queued", queuedAt: new Date(now.getTime() - 3_600_000) },
      ],
    });
    const result = await sweepJobRuns(now);
    expect(result.deleted).toBeGreaterThanOrEqual(1);
    const left = await db.jobRun.findMany({ where: { kind }, orderBy: { queuedAt: "asc" } });
    expect(left.map((r) => [r.id.split("-")[0], r.status])).toEqual([
      ["recent", "done"],
      ["stuck", "failed"],
      ["waiting", "queued"],
    ]);
    expect(left[1]!.error).toMatch(/never finished/);
  });

  it("is removed with the workspace's other rows when the workspace is deleted", async () => {
    const { workspace } = await seedWorkspaceWithOwner();
    const kind = unique("ledger-purge");
    await db.jobRun.createMany({
      data: [
        { id: unique("mine"), kind, workspaceId: workspace.id, payload: {}, status: "done" },
        { id: unique("global"), kind, workspaceId: null, payload: {}, status: "done" },
      ],
    });
    await db.$transaction((tx) => removeWorkspaceRows(tx, workspace.id));
    expect((await db.jobRun.findMany({ where: { kind } })).map((r) => r.workspaceId)).toEqual([null]);
  });
});

async function seedWorkspaceWithOwner() {
  const user = await seedUser();
  const workspace = await seedWorkspace(user.id);
  return { user, workspace };
}
