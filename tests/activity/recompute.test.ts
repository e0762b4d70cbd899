import { describe, expect, it } from "vitest";
import { recomputeActivity } from "@/lib/activity/recompute";
import { activityOf, levelOfPersons } from "@/lib/activity/read";
import { registerActivityConsumer, unregisterActivityConsumer } from "@/lib/activity/after-recompute";
import { DEFAULT_ACTIVITY_SETTINGS, saveActivitySettings, toBody } from "@/lib/activity/settings";
import { getPool } from "@/lib/db/pool";
import { activityRows, activityWorkspace, anonymousVisitor, orderEvent, profile, trackedEvent, trackedSession, visitor } from "./support";

const decay = (age: number, halfLife = 7) => Math.pow(0.5, age / halfLife);

// New York leaves daylight saving time on Sunday 2026-11-01: local days are 24, 25 and 24 hours
// long around it, and each event below falls on a different local day than its UTC date.
const NOW = new Date("2026-11-03T15:00:00Z"); // Tuesday 3 November, 10:00 EST

describe("activity scores", () => {
  it("sums weights decayed by age in local days across a DST change, with the weekly score and its change", async () => {
    const ws = (await activityWorkspace()).id;
    await saveActivitySettings(ws, { ...toBody(DEFAULT_ACTIVITY_SETTINGS), weights: { ...DEFAULT_ACTIVITY_SETTINGS.weights, custom: { wishlist_add: 1.5 } } }, null);
    await visitor(ws, "a1", "e:alice");
    await visitor(ws, "a2", "e:alice"); // a second browser of hers
    await visitor(ws, "m1", null); // known only by a member id
    await anonymousVisitor(ws, "anon");
    // Friday 30 October 23:30 EDT (UTC 31 Oct): age 4.
    await trackedEvent(ws, "a1", "page_view", "2026-10-31T03:30:00Z");
    await trackedSession(ws, "a1", "2026-10-31T03:30:00Z");
    // Sunday 1 November 23:30 EST (UTC 2 Nov; at the summer offset it would be 2 Nov too): age 2.
    await trackedEvent(ws, "a2", "product_viewed", "2026-11-02T04:30:00Z");
    // Monday 2 November 23:59 EST: age 1.
    await trackedEvent(ws, "a1", "product_added_to_cart", "2026-11-03T04:59:00Z");
    // Tuesday 3 November: age 0; a custom event with its own weight.
    await trackedEvent(ws, "a1", "wishlist_add", "2026-11-03T14:00:00Z");
    // Sunday 25 October, 12:00 EDT: age 9, last week's.
    await trackedEvent(ws, "a1", "page_view", "2026-10-25T16:00:00Z");
    // Not counted: a bot's event, an identify call, an event after today, an anonymous visitor's.
    await trackedEvent(ws, "a1", "page_view", "2026-11-02T12:00:00Z", true);
    await trackedEvent(ws, "a1", "identify", "2026-11-02T12:00:00Z");
    await trackedEvent(ws, "a1", "page_view", "2026-11-04T06:00:00Z");
    await trackedEvent(ws, "anon", "page_view", "2026-11-02T12:00:00Z");
    await trackedEvent(ws, "m1", "checkout_started", "2026-11-03T04:00:00Z"); // Monday 23:00 EST: age 1
    // A counted order on Monday 2 November 20:00 EST: age 1.
    await orderEvent(ws, "e:alice", "2026-11-03T01:00:00Z");

    const seen: unknown[] = [];
    registerActivityConsumer("test-capture", async (workspaceId, keys) => void (workspaceId === ws && seen.push(keys)));
    try {
      await recomputeActivity(ws, "all", NOW);
    } finally {
      unregisterActivityConsumer("test-capture");
    }
    expect(seen).toEqual(["all"]);

    const rows = await activityRows(ws);
    expect(rows.map((r) => r.person_key)).toEqual(["e:alice", "v:m1"]);
    const [alice, member] = rows as [(typeof rows)[0], (typeof rows)[0]];
    const weekly = 0.3 * decay(4) + 1 * decay(4) + 0.5 * decay(2) + 2 * decay(1) + 1.5 + 5 * decay(1);
    const previous = 0.3 * decay(2); // age 9 is day 2 of the previous week
    expect(alice.score).toBeCloseTo(weekly + 0.3 * decay(9), 10);
    expect(alice.weekly_score).toBeCloseTo(weekly, 10);
    expect(alice.previous_weekly_score).toBeCloseTo(previous, 10);
    expect(alice.weekly_change).toBeCloseTo(weekly - previous, 10);
    expect(alice.level).toBe("medium"); // about 9.2: medium from 3, high from 10
    expect(alice.score_day).toBe("2026-11-03");
    expect(alice.last_event_at?.toISOString()).toBe("2026-11-03T14:00:00.000Z");
    expect(alice.rfm_segment).toBeNull();
    expect(member.score).toBeCloseTo(3 * decay(1), 10);
    expect(member.level).toBe("low"); // 2.7, under 3

    // Read two days later: the stored score decays in closed form.
    const later = await activityOf(ws, "e:alice", new Date("2026-11-05T15:00:00Z"));
    expect(later?.score).toBeCloseTo(alice.score * decay(2), 10);
    expect(await levelOfPersons(ws, ["e:alice", "v:m1", "e:nobody"])).toEqual(new Map([["e:alice", "medium"], ["v:m1", "low"]]));
  });

  it("cuts levels by quantiles with ties sharing a level", async () => {
    const ws = (await activityWorkspace("UTC")).id;
    await saveActivitySettings(ws, { ...toBody(DEFAULT_ACTIVITY_SETTINGS), level_mode: "quantiles", high_cut: 0.8, medium_cut: 0.4 }, null);
    // Page views today (0.3 each): scores 1.5, 1.5, 0.9, 0.9, 0.9, 0.3, and two customers with none.
    const views: Record<string, number> = { p1: 5, p2: 5, p3: 3, p4: 3, p5: 3, p6: 1 };
    for (const [id, n] of Object.entries(views)) {
      await visitor(ws, id, `e:${id}`);
      for (let i = 0; i < n; i++) await trackedEvent(ws, id, "page_view", `2026-11-03T0${i}:00:00Z`);
    }
    await profile(ws, "e:q1", "2026-01-01", 1, "10");
    await profile(ws, "e:q2", "2026-01-01", 1, "10");
    await recomputeActivity(ws, "all", NOW);
    const levels = Object.fromEntries((await activityRows(ws)).map((r) => [r.person_key, r.level]));
    // Ascending ranks 1,1,3,4,4,4,7,7 of 8: percent ranks 0, 0, 2/7, 3/7 (x3), 6/7 (x2).
    expect(levels).toEqual({ "e:p1": "high", "e:p2": "high", "e:p3": "medium", "e:p4": "medium", "e:p5": "medium", "e:p6": "low", "e:q1": "low", "e:q2": "low" });
  });

  it("gives RFM quintiles and segments over a small table of customers", async () => {
    const ws = (await activityWorkspace("UTC")).id;
    // Ten customers: last order days, order counts (six with one order tie) and net sales.
    const customers: [string, string, number, string][] = [
      ["c01", "2026-01-01", 1, "10"], ["c02", "2026-02-01", 1, "20"], ["c03", "2026-03-01", 1, "30"], ["c04", "2026-04-01", 1, "40"],
      ["c05", "2026-05-01", 1, "50"], ["c06", "2026-06-01", 1, "60"], ["c07", "2026-07-01", 2, "70"], ["c08", "2026-08-01", 2, "80"],
      ["c09", "2026-09-01", 3, "90"], ["c10", "2026-10-01", 5, "100"],
    ];
    for (const [key, day, orders, sales] of customers) await profile(ws, `e:${key}`, day, orders, sales);
    await recomputeActivity(ws, "all", NOW);
    const rfm = Object.fromEntries((await activityRows(ws)).map((r) => [r.person_key.slice(2), [r.rfm_r, r.rfm_f, r.rfm_m, r.rfm_segment]]));
    // Quintile = 1 + floor(5 (rank - 1) / 10): ranks 1..10 give 1,1,2,2,3,3,4,4,5,5; tied F ranks 1 (x6), 7, 7, 9, 10.
    expect(rfm).toEqual({
      c01: [1, 1, 1, "lost"],
      c02: [1, 1, 1, "lost"],
      c03: [2, 1, 2, "hibernating"],
      c04: [2, 1, 2, "hibernating"],
      c05: [3, 1, 3, "needs_attention"],
      c06: [3, 1, 3, "needs_attention"],
      c07: [4, 4, 4, "champions"],
      c08: [4, 4, 4, "champions"],
      c09: [5, 5, 5, "champions"],
      c10: [5, 5, 5, "champions"],
    });
  });

  it("places a batch's customers by the cut points of the last full pass, which the next full pass takes again", async () => {
    const ws = (await activityWorkspace("UTC")).id;
    for (let i = 1; i <= 10; i++) await profile(ws, `e:c${String(i).padStart(2, "0")}`, `2026-${String(i).padStart(2, "0")}-01`, 1, String(10 * i));
    await recomputeActivity(ws, "all", NOW);
    const cuts = async () =>
      (await getPool().query<{ customers: number; monetary: string[] }>("SELECT customers, monetary::text[] AS monetary FROM activity_rfm_cuts WHERE workspace_id = $1", [ws])).rows[0];
    // Sales 10..100: the 2nd, 4th, 6th and 8th values.
    expect(await cuts()).toEqual({ customers: 10, monetary: ["20.0000", "40.0000", "60.0000", "80.0000"] });
    // Ten big spenders arrive and c05 spends 70: among all twenty, 70 is above the 4th value (40)
    // alone, but the batch's pass places c05 among the customers the nightly pass sorted.
    for (let i = 1; i <= 10; i++) await profile(ws, `e:n${String(i).padStart(2, "0")}`, "2026-10-15", 5, "1000");
    await getPool().query("UPDATE customer_profiles SET net_sales = 70 WHERE workspace_id = $1 AND customer_key = 'e:c05'", [ws]);
    const monetary = async () => (await activityRows(ws)).find((r) => r.person_key === "e:c05")?.rfm_m;
    await recomputeActivity(ws, ["e:c05"], NOW);
    expect(await monetary()).toBe(4);
    expect((await cuts())?.customers).toBe(10);
    await recomputeActivity(ws, "all", NOW);
    expect(await monetary()).toBe(2);
    expect(await cuts()).toEqual({ customers: 20, monetary: ["40.0000", "80.0000", "1000.0000", "1000.0000"] });
  });

  it.each([7, 23, 40])("gives every customer of %i the quintile rank() gives, ties included, in a full pass and for a few persons", async (n) => {
    const ws = (await activityWorkspace()).id;
    // Few distinct values, so most quintile boundaries fall inside a run of ties.
    for (let i = 0; i < n; i++) {
      await profile(ws, `e:q${String(i).padStart(2, "0")}`, `2026-10-${String(1 + ((i * 7) % 5)).padStart(2, "0")}`, 1 + ((i * 5) % 3), `${10 + ((i * 11) % 4) * 5}.25`);
    }
    // The definition, ranking everyone: 1 + floor(5 x (rank - 1) / n).
    const { rows: expected } = await getPool().query<{ person_key: string; r: number; f: number; m: number }>(
      `SELECT customer_key AS person_key,
         1 + floor(5 * (rank() OVER (ORDER BY last_day) - 1)::float8 / count(*) OVER ())::int AS r,
         1 + floor(5 * (rank() OVER (ORDER BY orders) - 1)::float8 / count(*) OVER ())::int AS f,
         1 + floor(5 * (rank() OVER (ORDER BY net_sales) - 1)::float8 / count(*) OVER ())::int AS m
       FROM customer_profiles WHERE workspace_id = $1 ORDER BY 1`,
      [ws],
    );
    const quintiles = async () => (await activityRows(ws)).map((a) => ({ person_key: a.person_key, r: a.rfm_r, f: a.rfm_f, m: a.rfm_m }));
    await recomputeActivity(ws, ["e:q01", "e:q04"], NOW);
    expect(await quintiles()).toEqual(expected.filter((e) => ["e:q01", "e:q04"].includes(e.person_key)));
    await recomputeActivity(ws, "all", NOW);
    expect(await quintiles()).toEqual(expected);
    expect(new Set(expected.map((e) => e.f)).size).toBeGreaterThan(1);
  });

  it.each(["thresholds", "quantiles"] as const)("writes for the persons of a batch what a full recompute writes (%s)", async (mode) => {
    const ws = (await activityWorkspace()).id;
    const body = toBody(DEFAULT_ACTIVITY_SETTINGS);
    await saveActivitySettings(ws, mode === "quantiles" ? { ...body, level_mode: "quantiles", high_cut: 0.7, medium_cut: 0.3 } : { ...body, high_cut: 2, medium_cut: 1 }, null);
    for (let i = 0; i < 8; i++) {
      await visitor(ws, `v${i}`, `e:p${i}`);
      for (let j = 0; j <= i; j++) await trackedEvent(ws, `v${i}`, j % 2 ? "page_view" : "product_viewed", `2026-10-${20 + j}T15:00:00Z`);
    }
    await profile(ws, "e:p1", "2026-10-01", 2, "50");
    await profile(ws, "e:buyer", "2026-09-01", 1, "20");
    await recomputeActivity(ws, "all", NOW);
    // A batch: p0 comes back strongly, a new member-only visitor appears, p7's browser turns out to be p3's.
    await trackedEvent(ws, "v0", "product_added_to_cart", "2026-11-03T12:00:00Z");
    await trackedEvent(ws, "v0", "checkout_started", "2026-11-03T12:05:00Z");
    await visitor(ws, "new", null);
    await trackedEvent(ws, "new", "page_view", "2026-11-03T13:00:00Z");
    await getPool().query("UPDATE visitors SET person_key = 'e:p3' WHERE workspace_id = $1 AND anonymous_id = 'v7'", [ws]);
    const result = await recomputeActivity(ws, ["e:p0", "v:new", "e:p3", "e:p7"], NOW);
    expect(result.changed).toEqual(expect.arrayContaining(["e:p0", "v:new", "e:p3", "e:p7"]));
    const incremental = await activityRows(ws);
    expect(incremental.map((r) => r.person_key)).toContain("v:new");
    expect(incremental.map((r) => r.person_key)).not.toContain("e:p7");
    await recomputeActivity(ws, "all", NOW);
    const full = await activityRows(ws);
    // Sums of floats in another order differ in their last bits.
    const rounded = (rows: typeof full) => rows.map((r) => ({ ...r, score: r.score.toFixed(9), weekly_score: r.weekly_score.toFixed(9), previous_weekly_score: r.previous_weekly_score.toFixed(9), weekly_change: r.weekly_change.toFixed(9) }));
    expect(rounded(incremental)).toEqual(rounded(full));
    if (mode === "quantiles") expect(new Set(full.map((r) => r.level))).toEqual(new Set(["high", "medium", "low"]));
  });

  it("keeps a history row for each day a person's level, segment or latest activity changed", async () => {
    const ws = (await activityWorkspace("UTC")).id;
    await visitor(ws, "h1", "e:h");
    for (let i = 0; i < 4; i++) await trackedEvent(ws, "h1", "checkout_started", `2026-11-01T1${i}:00:00Z`);
    await recomputeActivity(ws, "all", new Date("2026-11-01T20:00:00Z"));
    await recomputeActivity(ws, "all", new Date("2026-11-02T20:00:00Z")); // only decay: 12 -> 10.9, still high
    await recomputeActivity(ws, "all", new Date("2026-11-03T20:00:00Z")); // 9.9: medium
    const { rows } = await getPool().query<{ day: string; level: string }>(
      "SELECT to_char(day, 'YYYY-MM-DD') AS day, level FROM person_activity_history WHERE workspace_id = $1 ORDER BY day",
      [ws],
    );
    expect(rows).toEqual([{ day: "2026-11-01", level: "high" }, { day: "2026-11-03", level: "medium" }]);
  });
});
