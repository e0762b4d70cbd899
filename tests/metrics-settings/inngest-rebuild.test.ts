import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it } from "vitest";
import { rebuildRollups as rebuildRollupsFunction } from "@/inngest/functions";
import { getRollupRebuild, queueRollupRebuild, startRollupRebuild } from "@/lib/metrics/rollups/rebuild-jobs";
import { workspaceWithHistory } from "./support";

const event = (workspaceId: string, rebuildId: string) => ({ name: "metrics/rollups.rebuild.requested", data: { workspaceId, rebuildId } });

describe("rebuild-rollups function", () => {
  it("rebuilds every day in one step per 31-day chunk", async () => {
    const { workspace } = await workspaceWithHistory(70);
    const { rebuild: job } = (await queueRollupRebuild(workspace.id, "Product groups changed"))!;
    const t = new InngestTestEngine({ function: rebuildRollupsFunction });
    const { result, error, ctx } = await t.execute({ events: [event(workspace.id, job.id)] });
    expect(error).toBeUndefined();
    expect(result).toEqual({ rebuildId: job.id, status: "succeeded", superseded: false, daysDone: 71 });
    const steps = (ctx.step.run as unknown as { mock: { calls: unknown[][] } }).mock.calls.map((c) => c[0]);
    expect(steps).toEqual(["start", "chunk-0", "chunk-1", "chunk-2"]);
    expect(await getRollupRebuild(workspace.id, job.id)).toMatchObject({ status: "succeeded", daysDone: 71 });
  });

  it("stops at once when a newer change has superseded the job", async () => {
    const { workspace } = await workspaceWithHistory(70);
    const { rebuild: old } = (await queueRollupRebuild(workspace.id, "Unit costs changed"))!;
    await startRollupRebuild(workspace.id, old.id);
    const newer = await queueRollupRebuild(workspace.id, "Revenue basis changed");
    const { result } = await new InngestTestEngine({ function: rebuildRollupsFunction }).execute({ events: [event(workspace.id, old.id)] });
    expect(result).toMatchObject({ status: "failed", superseded: true, daysDone: 0 });
    expect((await getRollupRebuild(workspace.id, newer!.rebuild.id)).status).toBe("queued");
  });
});
