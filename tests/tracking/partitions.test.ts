import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { handleTrack } from "@/lib/tracking/ingest";
import { ensureMonthPartitions, existingPartitionMonths } from "@/lib/tracking/partitions";
import { applyRetention } from "@/lib/tracking/retention";
import { drainWorkspace, storedEvents, trackingWorkspace, trackRequest, wireEvent } from "./support";

describe("tracked_events partitions and retention", () => {
  it("create an old month's partition when its events are drained, moving that month's stray rows out of the default partition", async () => {
    const { workspace, writeKey } = await trackingWorkspace();
    // A row written past the drain lands in the default partition.
    await db.$executeRaw`INSERT INTO tracked_events (workspace_id, message_id, event, occurred_at, received_at, anonymous_id, properties, context, source)
      VALUES (${workspace.id}, 'stray', 'page_view', '2003-02-10 00:00:00', '2003-02-10 00:00:00', 'a', '{}', '{}', 'browser')`;
    expect((await handleTrack(trackRequest({ body: { ...wireEvent({ timestamp: "2003-02-11T12:00:00Z" }), write_key: writeKey.key } }))).status).toBe(202);
    await drainWorkspace(workspace.id);
    expect(await existingPartitionMonths()).toContain("2003-02");
    const [stray] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM tracked_events_default WHERE workspace_id = ${workspace.id}`;
    expect(Number(stray!.n)).toBe(0);
    const [month] = await db.$queryRaw<{ m: bigint }[]>`SELECT count(*) AS m FROM tracked_events_y2003m02 WHERE workspace_id = ${workspace.id}`;
    expect(Number(month!.m)).toBe(2);
    expect(await ensureMonthPartitions(["2003-02"])).toEqual([]);
  });

  it("delete a workspace's events older than its retention and no one else's", async () => {
    const a = await trackingWorkspace();
    const b = await trackingWorkspace();
    await db.trackingSettings.create({ data: { workspaceId: a.workspace.id, retentionDays: 30 } });
    const old = new Date(Date.now() - 40 * 86400_000).toISOString();
    for (const { workspace, writeKey } of [a, b]) {
      await handleTrack(trackRequest({ body: { write_key: writeKey.key, batch: [wireEvent({ timestamp: old }), wireEvent()] } }));
      await drainWorkspace(workspace.id);
    }
    await applyRetention();
    expect(await storedEvents(a.workspace.id)).toHaveLength(1);
    expect(await storedEvents(b.workspace.id)).toHaveLength(2);
    expect(await db.trackedEventId.count({ where: { workspaceId: a.workspace.id } })).toBe(1);
  });
});
