import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import {
  getRollupRebuild, queueRollupRebuild, rebuildNextChunk, requeueRollupRebuild, runRollupRebuild, startRollupRebuild,
  SUPERSEDED_ERROR, type RebuildRange,
} from "@/lib/metrics/rollups/rebuild-jobs";
import { drainRebuildsLocally } from "@/lib/metrics/rollups/rebuild-requests";
import { addDays } from "@/lib/time/zone";
import { expectAppError } from "../helpers";
import { todayIn, workspaceWithHistory } from "./support";

/** A rebuild that only records the ranges it was asked for. */
function recorder() {
  const calls: RebuildRange[] = [];
  return { calls, rebuild: async (_workspaceId: string, range: RebuildRange) => void calls.push(range) };
}

describe("rollup rebuild jobs", () => {
  it("covers the earliest fact day to today, and queues nothing without facts", async () => {
    const empty = await workspaceWithHistory(-1);
    expect(await queueRollupRebuild(empty.workspace.id, "Product groups changed")).toBeNull();
    expect(await db.rollupRebuild.count({ where: { workspaceId: empty.workspace.id } })).toBe(0);

    const { workspace } = await workspaceWithHistory(99);
    const queued = await queueRollupRebuild(workspace.id, "Product groups changed");
    expect(queued?.created).toBe(true);
    expect(queued?.rebuild).toMatchObject({ status: "queued", fromDay: addDays(todayIn(), -99), toDay: todayIn(), daysTotal: 100, daysDone: 0 });
  });

  it("coalesces a second change into the job still queued", async () => {
    const { workspace } = await workspaceWithHistory(10);
    const first = await queueRollupRebuild(workspace.id, "Unit costs changed");
    const second = await queueRollupRebuild(workspace.id, "Revenue basis changed");
    expect(second?.created).toBe(false);
    expect(second?.rebuild.id).toBe(first?.rebuild.id);
    expect(second?.rebuild.reason).toBe("Unit costs changed; Revenue basis changed");
    expect(await db.rollupRebuild.count({ where: { workspaceId: workspace.id } })).toBe(1);
  });

  it("works in chunks of 31 days, recording progress after each", async () => {
    const { workspace } = await workspaceWithHistory(99);
    const { rebuild: job } = (await queueRollupRebuild(workspace.id, "Excluded line items changed"))!;
    const { calls, rebuild } = recorder();
    await startRollupRebuild(workspace.id, job.id);

    const first = await rebuildNextChunk(workspace.id, job.id, { rebuild });
    expect(first).toMatchObject({ status: "running", daysDone: 31, daysTotal: 100 });
    expect((await getRollupRebuild(workspace.id, job.id)).daysDone).toBe(31);

    const final = await runRollupRebuild(workspace.id, job.id, { rebuild });
    expect(final).toMatchObject({ status: "succeeded", daysDone: 100 });
    expect(calls).toEqual([
      { fromDay: job.fromDay, toDay: addDays(job.fromDay, 30) },
      { fromDay: addDays(job.fromDay, 31), toDay: addDays(job.fromDay, 61) },
      { fromDay: addDays(job.fromDay, 62), toDay: addDays(job.fromDay, 92) },
      { fromDay: addDays(job.fromDay, 93), toDay: job.toDay },
    ]);
    const row = await getRollupRebuild(workspace.id, job.id);
    expect(row.status).toBe("succeeded");
    expect(row.finishedAt).not.toBeNull();
  });

  it("resumes a crashed run from days_done", async () => {
    const { workspace } = await workspaceWithHistory(99);
    const { rebuild: job } = (await queueRollupRebuild(workspace.id, "Time zone changed"))!;
    const before = recorder();
    await startRollupRebuild(workspace.id, job.id);
    await rebuildNextChunk(workspace.id, job.id, { rebuild: before.rebuild });
    await rebuildNextChunk(workspace.id, job.id, { rebuild: before.rebuild });
    // The process dies here: the row stays "running" with two chunks done.
    expect(await getRollupRebuild(workspace.id, job.id)).toMatchObject({ status: "running", daysDone: 62 });

    const after = recorder();
    expect(await runRollupRebuild(workspace.id, job.id, { rebuild: after.rebuild })).toMatchObject({ status: "succeeded", daysDone: 100 });
    expect(after.calls[0]).toEqual({ fromDay: addDays(job.fromDay, 62), toDay: addDays(job.fromDay, 92) });
    expect(after.calls).toHaveLength(2);
  });

  it("records a failure with its error, and a retry resumes from where it stopped", async () => {
    const { workspace } = await workspaceWithHistory(40);
    const { rebuild: job } = (await queueRollupRebuild(workspace.id, "Unit costs changed"))!;
    let calls = 0;
    const flaky = async () => {
      if (++calls === 2) throw new Error("could not serialize access");
    };
    const failed = await runRollupRebuild(workspace.id, job.id, { rebuild: flaky });
    expect(failed).toMatchObject({ status: "failed", daysDone: 31 });
    expect(await getRollupRebuild(workspace.id, job.id)).toMatchObject({ status: "failed", error: "could not serialize access" });

    const requeued = await requeueRollupRebuild(workspace.id, job.id);
    expect(requeued).toMatchObject({ status: "queued", daysDone: 31, error: null });
    const { calls: resumed, rebuild } = recorder();
    expect(await runRollupRebuild(workspace.id, job.id, { rebuild })).toMatchObject({ status: "succeeded", daysDone: 41 });
    expect(resumed).toEqual([{ fromDay: addDays(job.fromDay, 31), toDay: job.toDay }]);
    await expectAppError(requeueRollupRebuild(workspace.id, job.id), "conflict");
  });

  it("stops a running job when a newer change supersedes it; the new job covers the full range", async () => {
    const { workspace } = await workspaceWithHistory(99);
    const { rebuild: old } = (await queueRollupRebuild(workspace.id, "Product groups changed"))!;
    const { calls, rebuild } = recorder();
    await startRollupRebuild(workspace.id, old.id);
    await rebuildNextChunk(workspace.id, old.id, { rebuild });

    const newer = await queueRollupRebuild(workspace.id, "Revenue basis changed");
    expect(newer?.created).toBe(true);
    expect(newer?.rebuild).toMatchObject({ status: "queued", daysDone: 0, daysTotal: 100 });

    const stopped = await rebuildNextChunk(workspace.id, old.id, { rebuild });
    expect(stopped).toMatchObject({ status: "failed", superseded: true, daysDone: 31 });
    expect(calls).toHaveLength(1);
    expect(await getRollupRebuild(workspace.id, old.id)).toMatchObject({ status: "failed", error: SUPERSEDED_ERROR });
    // The superseded job cannot be retried: the newer one replaces it.
    await expectAppError(requeueRollupRebuild(workspace.id, old.id), "conflict");

    const next = recorder();
    expect(await runRollupRebuild(workspace.id, newer!.rebuild.id, { rebuild: next.rebuild })).toMatchObject({ status: "succeeded", daysDone: 100 });
    expect(next.calls[0]!.fromDay).toBe(newer!.rebuild.fromDay);
  });

  it("runs locally with the real rollups, once per workspace at a time", async () => {
    const { workspace } = await workspaceWithHistory(45);
    const { rebuild: job } = (await queueRollupRebuild(workspace.id, "Excluded line items changed"))!;
    const [a, b] = await Promise.all([drainRebuildsLocally(workspace.id), drainRebuildsLocally(workspace.id)]);
    // The advisory lock lets one drain work; the other finds it busy (or, if it came second, nothing left).
    expect([a, b]).toContain("done");
    expect(await getRollupRebuild(workspace.id, job.id)).toMatchObject({ status: "succeeded", daysDone: 46, error: null });
    const sessions = await db.sessionsDaily.findMany({ where: { workspaceId: workspace.id } });
    expect(sessions.reduce((sum, row) => sum + row.sessions, 0)).toBe(10);
  });

  it("never shows or touches another workspace's job", async () => {
    const { workspace } = await workspaceWithHistory(5);
    const other = await workspaceWithHistory(5);
    const { rebuild: job } = (await queueRollupRebuild(workspace.id, "Unit costs changed"))!;
    await expectAppError(getRollupRebuild(other.workspace.id, job.id), "not_found");
    await expectAppError(startRollupRebuild(other.workspace.id, job.id), "not_found");
    await expectAppError(requeueRollupRebuild(other.workspace.id, job.id), "not_found");
    expect((await getRollupRebuild(workspace.id, job.id)).status).toBe("queued");
  });
});
