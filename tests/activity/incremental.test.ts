import { describe, expect, it } from "vitest";
import { recomputePending } from "@/lib/activity/recompute";
import { queueDrainedActivity } from "@/lib/activity/request";
import { workspacesDue } from "@/lib/activity/queue";
import { getPool } from "@/lib/db/pool";
import { activityRows, activityWorkspace, anonymousVisitor, trackedEvent, visitor } from "./support";

const NOW = new Date("2026-11-03T15:00:00Z");

describe("the incremental path after an ingest batch", () => {
  it("queues the drained visitors' persons and scores only them in one pass", async () => {
    const ws = (await activityWorkspace()).id;
    await visitor(ws, "a1", "e:alice");
    await visitor(ws, "m1", null);
    await anonymousVisitor(ws, "anon");
    await visitor(ws, "b1", "e:bob"); // not in the batch
    // Scored as "v:c1" while known only by a member id, resolved to Carol since.
    await visitor(ws, "c1", "e:carol");
    await getPool().query(
      `INSERT INTO person_activity (workspace_id, person_key, score, score_day, weekly_score, previous_weekly_score, weekly_change, level)
       VALUES ($1, 'v:c1', 1, '2026-11-01', 1, 0, 1, 'low')`,
      [ws],
    );
    for (const id of ["a1", "m1", "anon", "b1", "c1"]) await trackedEvent(ws, id, "page_view", "2026-11-03T12:00:00Z");

    await queueDrainedActivity([{ workspaceId: ws, anonymousIds: ["a1", "m1", "anon", "c1"] }]);
    const { rows: waiting } = await getPool().query<{ person_key: string }>("SELECT person_key FROM activity_pending WHERE workspace_id = $1 ORDER BY 1", [ws]);
    // A resolved visitor's own "v:" key is queued only where a score is stored under it, so that row goes.
    expect(waiting.map((r) => r.person_key)).toEqual(["e:alice", "e:carol", "v:c1", "v:m1"]);
    expect((await workspacesDue(NOW)).pending).toContain(ws);

    const pass = await recomputePending(ws, NOW);
    expect(pass.persons).toBe(4);
    expect(pass.more).toBe(false);
    expect((await activityRows(ws)).map((r) => r.person_key)).toEqual(["e:alice", "e:carol", "v:m1"]);
    expect((await getPool().query("SELECT 1 FROM activity_pending WHERE workspace_id = $1", [ws])).rowCount).toBe(0);
    expect((await recomputePending(ws, NOW)).persons).toBe(0);
    // Bob was not in a batch: the nightly pass finds the workspace behind its day.
    expect((await workspacesDue(new Date("2026-11-04T15:00:00Z"))).stale).toContain(ws);
  });
});
