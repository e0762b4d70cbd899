import { describe, expect, it } from "vitest";
import { monthStartOf, movedPeople, segmentMovement, segmentSizes } from "@/lib/activity/segments";
import { getPool } from "@/lib/db/pool";
import { personTagHistory } from "@/lib/tags/members";
import { createTag } from "@/lib/tags/service";
import { expectAppError } from "../helpers";
import { activityWorkspace, profile } from "./support";

// The segments page's figures on a constructed history: sizes with their share and net sales, and
// the movement table from each person's segment at the start of the month to today's.

async function person(workspaceId: string, key: string, segment: string | null, history: [day: string, segment: string | null][]) {
  await getPool().query(
    `INSERT INTO person_activity (workspace_id, person_key, score, score_day, weekly_score, previous_weekly_score, weekly_change, level, rfm_segment)
     VALUES ($1, $2, 1, '2026-11-15', 1, 0, 1, 'low', $3)`,
    [workspaceId, key, segment],
  );
  for (const [day, was] of history) {
    await getPool().query(
      `INSERT INTO person_activity_history (workspace_id, person_key, day, score, weekly_score, level, rfm_segment)
       VALUES ($1, $2, $3::date, 1, 1, 'low', $4)`,
      [workspaceId, key, day, was],
    );
  }
}

// Sunday 15 November 2026, 07:00 in New York: this month began on Sunday 1 November there.
const NOW = new Date("2026-11-15T12:00:00Z");

describe("RFM segments page figures", () => {
  it("takes the month's first day in the workspace's zone", () => {
    // 22:00 on 30 November in New York is already 1 December in UTC.
    expect(monthStartOf(new Date("2026-12-01T03:00:00Z"), "America/New_York")).toBe("2026-11-01");
    expect(monthStartOf(new Date("2026-12-01T03:00:00Z"), "UTC")).toBe("2026-12-01");
  });

  it("counts sizes, shares and net sales, and who moved between segments since the month began", async () => {
    const ws = (await activityWorkspace()).id;
    // champions in October, loyal since 5 November.
    await person(ws, "e:p1", "loyal", [["2026-10-10", "champions"], ["2026-11-05", "loyal"]]);
    // at risk on the month's eve and still.
    await person(ws, "e:p2", "at_risk", [["2026-10-31", "at_risk"]]);
    // first scored on the month's first day: no segment at its start.
    await person(ws, "e:p3", "promising", [["2026-11-01", "promising"]]);
    // lost, then hibernating by the month's start, lost again now.
    await person(ws, "e:p4", "lost", [["2026-09-01", "lost"], ["2026-10-20", "hibernating"]]);
    await person(ws, "e:p5", "loyal", [["2026-10-01", "champions"]]);
    // never had a segment: not in the table.
    await person(ws, "v:p6", null, [["2026-10-01", null]]);
    // had a segment, has none now.
    await person(ws, "e:p7", null, [["2026-10-01", "at_risk"]]);
    await profile(ws, "e:p1", "2026-11-05", 4, "100.50");
    await profile(ws, "e:p5", "2026-10-01", 2, "20.25");
    await profile(ws, "e:p4", "2026-03-01", 1, "9.99");

    // Another workspace's people never count.
    const other = (await activityWorkspace()).id;
    await person(other, "e:p1", "lost", [["2026-10-10", "champions"]]);

    const sizes = await segmentSizes(ws);
    expect(sizes.map((s) => s.segment)).toEqual(["champions", "loyal", "promising", "needs_attention", "at_risk", "hibernating", "lost"]);
    const bySegment = Object.fromEntries(sizes.map((s) => [s.segment, [s.people, s.share, s.netSales]]));
    // Five people have a segment now: loyal 2 of 5.
    expect(bySegment).toEqual({
      champions: [0, 0, "0"],
      loyal: [2, 0.4, "120.7500"],
      promising: [1, 0.2, "0"],
      needs_attention: [0, 0, "0"],
      at_risk: [1, 0.2, "0"],
      hibernating: [0, 0, "0"],
      lost: [1, 0.2, "9.9900"],
    });

    const movement = await segmentMovement(ws, "America/New_York", NOW);
    expect(movement.monthStart).toBe("2026-11-01");
    expect(movement.today).toBe("2026-11-15");
    const cells = Object.fromEntries(movement.moves.map((m) => [`${m.from}>${m.to}`, m.people]));
    expect(cells).toEqual({
      "champions>loyal": 2,
      "at_risk>at_risk": 1,
      "none>promising": 1,
      "hibernating>lost": 1,
      "at_risk>none": 1,
    });

    const moved = await movedPeople(ws, "America/New_York", { from: "champions", to: "loyal" }, NOW);
    expect(moved).toEqual([
      { personKey: "e:p1", orders: 4, netSales: "100.5000" },
      { personKey: "e:p5", orders: 2, netSales: "20.2500" },
    ]);
    expect(await movedPeople(ws, "America/New_York", { from: "none", to: "promising" }, NOW)).toEqual([{ personKey: "e:p3", orders: null, netSales: null }]);
    expect(await movedPeople(other, "America/New_York", { from: "champions", to: "loyal" }, NOW)).toEqual([]);
  });

  it("tags everyone of a movement cell by hand, with history, and names a bad cell", async () => {
    const ws = (await activityWorkspace()).id;
    await person(ws, "e:p1", "loyal", [["2026-10-10", "champions"]]);
    await person(ws, "e:p2", "loyal", [["2026-10-31", "champions"], ["2026-11-03", "at_risk"], ["2026-11-09", "loyal"]]);
    await person(ws, "e:p3", "at_risk", [["2026-10-20", "champions"]]);
    // Loyal since before the month: another cell.
    await person(ws, "e:p4", "loyal", [["2026-09-01", "loyal"]]);
    const other = (await activityWorkspace()).id;
    await person(other, "e:p9", "loyal", [["2026-10-10", "champions"]]);

    const tag = await createTag(ws, { name: "Champions who settled", segment_move: { from: "champions", to: "loyal" } }, null, NOW);
    expect({ kind: tag.kind, size: tag.size, rule: tag.rule }).toEqual({ kind: "manual", size: 2, rule: null });
    const { rows } = await getPool().query<{ person_key: string; source: string }>("SELECT person_key, source FROM person_tags WHERE workspace_id = $1 AND tag_id = $2 ORDER BY 1", [ws, tag.id]);
    expect(rows).toEqual([{ person_key: "e:p1", source: "manual" }, { person_key: "e:p2", source: "manual" }]);
    expect((await personTagHistory(ws, "e:p2")).map((h) => [h.tagId, h.change])).toEqual([[tag.id, "added"]]);

    const both = await expectAppError(createTag(ws, { name: "Both", rule: { match: "all", conditions: [] }, segment_move: { from: "lost", to: "lost" } }, null, NOW), "bad_request");
    expect(Object.keys(both.fields ?? {})).toEqual(["segment_move"]);
    const bad = await expectAppError(createTag(ws, { name: "Bad", segment_move: { from: "nowhere", to: "lost" } }, null, NOW), "bad_request");
    expect(Object.keys(bad.fields ?? {})).toEqual(["segment_move.from"]);
    // Neither refusal made a tag.
    expect((await getPool().query("SELECT 1 FROM tags WHERE workspace_id = $1 AND name IN ('Both', 'Bad')", [ws])).rowCount).toBe(0);

    // Members that cannot be written take the new tag with them.
    const trigger = `refuse_members_${ws}`;
    await getPool().query(`CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`);
    await getPool().query(`CREATE TRIGGER ${trigger} BEFORE INSERT ON person_tags FOR EACH ROW WHEN (NEW.workspace_id = '${ws}') EXECUTE FUNCTION ${trigger}()`);
    try {
      await expect(createTag(ws, { name: "Refused", segment_move: { from: "champions", to: "at_risk" } }, null, NOW)).rejects.toThrow("refused");
    } finally {
      await getPool().query(`DROP TRIGGER IF EXISTS ${trigger} ON person_tags`);
      await getPool().query(`DROP FUNCTION IF EXISTS ${trigger}()`);
    }
    expect((await getPool().query("SELECT 1 FROM tags WHERE workspace_id = $1 AND name = 'Refused'", [ws])).rowCount).toBe(0);
  });
});
