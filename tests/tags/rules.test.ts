import { describe, expect, it } from "vitest";
import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { personTagHistory } from "@/lib/tags/members";
import { runTagRules } from "@/lib/tags/rules/run";
import { createTag, ensureBuiltinRules, listTags, previewRule, updateTag } from "@/lib/tags/service";
import { customerWorkspace, event, profile } from "../customers/factory";
import { expectAppError } from "../helpers";

// Rules over constructed customer histories: each built-in, a rule change re-tagging everyone
// with its history, scoped runs, and validation naming the bad place.

const members = async (workspaceId: string, tagId: string) =>
  (await getPool().query<{ person_key: string }>("SELECT person_key FROM person_tags WHERE workspace_id = $1 AND tag_id = $2 ORDER BY 1", [workspaceId, tagId])).rows.map((r) => r.person_key);

const builtinTag = async (workspaceId: string, builtin: string) =>
  (await db.tagRule.findFirstOrThrow({ where: { workspaceId, builtin } })).tagId;

/** A person with their orders as customer events (one per day given) and the profile those make. */
async function person(ws: string, shopId: string, key: string, days: string[], extra: { pActive?: number | null; netSales?: string; country?: string; channel?: string } = {}) {
  await profile(ws, { key, connectionId: shopId, firstDay: days[0]!, lastDay: days.at(-1)!, orders: days.length, netSales: extra.netSales ?? "100", pActive: extra.pActive ?? null, country: extra.country ?? null, channel: extra.channel });
  for (const [i, day] of days.entries()) await event(ws, { key, connectionId: shopId, orderId: BigInt(Math.floor(Math.random() * 1e12) + i), day, netSales: "10" });
}

describe("built-in rules", () => {
  it("tag P(active) below 0.5 and new this week on a constructed history, in the workspace's zone", async () => {
    // Tokyo: 2026-11-30T16:00Z is already 12-01 there.
    const { workspace, shopId } = await customerWorkspace({ timeZone: "Asia/Tokyo" });
    const ws = workspace.id;
    const now = new Date("2026-11-30T16:00:00Z");
    await person(ws, shopId, "c:s:fading", ["2026-09-01"], { pActive: 0.49 });
    await person(ws, shopId, "c:s:steady", ["2026-09-01"], { pActive: 0.5 });
    // First order 6 local days ago is new this week; 7 days ago is not.
    await person(ws, shopId, "c:s:new", ["2026-11-25"]);
    await person(ws, shopId, "c:s:last-week", ["2026-11-24"]);

    await ensureBuiltinRules(ws, now);
    expect(await members(ws, await builtinTag(ws, "p_active_below_half"))).toEqual(["c:s:fading"]);
    expect(await members(ws, await builtinTag(ws, "new_this_week"))).toEqual(["c:s:new"]);

    // A day later (local 12-02) "new" is 7 days old and leaves; switching the rule off keeps that history.
    await runTagRules(ws, "all", new Date("2026-12-01T16:00:00Z"));
    expect(await members(ws, await builtinTag(ws, "new_this_week"))).toEqual([]);
    const newTag = await builtinTag(ws, "new_this_week");
    const switched = await updateTag(ws, newTag, { enabled: false }, new Date("2026-12-01T17:00:00Z"));
    expect(switched).toMatchObject({ size: 0, rule: { enabled: false, builtin: "new_this_week" } });
    expect((await personTagHistory(ws, "c:s:new")).map((h) => [h.change, h.source])).toEqual([["removed", "rule"], ["added", "rule"]]);
    // Listing does not bring a switched-off built-in back, and a built-in cannot be deleted or edited.
    const listed = await listTags(ws);
    expect(listed.filter((t) => t.rule?.builtin).map((t) => [t.name, t.rule!.enabled])).toEqual([
      ["New this week", false], ["Slipping away", true], ["Win back", true],
    ]);
    await expectAppError(updateTag(ws, newTag, { rule: { match: "all", conditions: [{ field: "orders", op: "gt", value: 1 }] } }), "bad_request");
  });
});

/** A person's activity as the recompute leaves it: the latest state and the history rows of the days their level changed. */
async function activity(ws: string, key: string, lastEventAt: string, levels: [day: string, level: string][]) {
  const [, level] = levels.at(-1)!;
  await getPool().query(
    `INSERT INTO person_activity (workspace_id, person_key, score, score_day, weekly_score, previous_weekly_score, weekly_change, level, last_event_at)
     VALUES ($1, $2, 1, $3::date, 0, 0, 0, $4, $5::timestamp)`,
    [ws, key, levels.at(-1)![0], level, lastEventAt],
  );
  for (const [day, lvl] of levels) {
    await getPool().query("INSERT INTO person_activity_history (workspace_id, person_key, day, score, weekly_score, level) VALUES ($1, $2, $3::date, 1, 0, $4)", [ws, key, day, lvl]);
  }
}

describe("the win-back rule", () => {
  it("tags who was at level high in the 28 days before a silence of 14 local days, whatever their orders", async () => {
    // Tokyo: 2026-11-30T16:00Z is local 12-01, so 14 silent days means a last activity on 11-17 or before.
    const { workspace, shopId } = await customerWorkspace({ timeZone: "Asia/Tokyo" });
    const ws = workspace.id;
    const now = new Date("2026-11-30T16:00:00Z");
    for (const key of ["gone", "recent", "never-high", "long-ago", "still-high", "edge-utc"]) await person(ws, shopId, `c:s:${key}`, ["2026-09-01"]);
    // High from 11-01 to the last activity on 11-17 (local), medium since the decay: due a win-back.
    await activity(ws, "c:s:gone", "2026-11-17T03:00:00", [["2026-11-01", "high"], ["2026-11-20", "medium"]]);
    // The same, but last active on 11-18: silent for 13 days only.
    await activity(ws, "c:s:recent", "2026-11-18T03:00:00", [["2026-11-01", "high"], ["2026-11-20", "medium"]]);
    // Silent a month but never above medium.
    await activity(ws, "c:s:never-high", "2026-10-20T03:00:00", [["2026-09-01", "medium"]]);
    // High in August, medium from 09-10: the 28 days before the last activity (10-31) saw no high level.
    await activity(ws, "c:s:long-ago", "2026-10-31T03:00:00", [["2026-08-01", "high"], ["2026-09-10", "medium"]]);
    // High since 09-01 with no change until the last activity (10-31): the level in effect at the window's start counts.
    await activity(ws, "c:s:still-high", "2026-10-31T03:00:00", [["2026-09-01", "high"], ["2026-11-20", "low"]]);
    // Five orders in a month, silent since, but activity never high: orders alone do not make a win-back.
    await person(ws, shopId, "c:s:orders-only-2", ["2026-10-01", "2026-10-08", "2026-10-15", "2026-10-22", "2026-10-29"]);
    await activity(ws, "c:s:orders-only-2", "2026-10-29T03:00:00", [["2026-10-01", "low"]]);
    // Last active at 2026-11-17T15:30Z, already 11-18 in Tokyo: 13 local days.
    await activity(ws, "c:s:edge-utc", "2026-11-17T15:30:00", [["2026-11-10", "high"]]);

    await ensureBuiltinRules(ws, now);
    const tag = await builtinTag(ws, "win_back");
    expect(await members(ws, tag)).toEqual(["c:s:gone", "c:s:still-high"]);
    // A day later the two last active on local 11-18 are silent 14 days too.
    await runTagRules(ws, "all", new Date("2026-12-01T16:00:00Z"));
    expect(await members(ws, tag)).toEqual(["c:s:edge-utc", "c:s:gone", "c:s:recent", "c:s:still-high"]);
  });
});

describe("a rule tag", () => {
  it("tags whoever matches, re-tags everyone on a rule change with history, and runs for changed people only when asked", async () => {
    const { workspace, shopId, owner } = await customerWorkspace();
    const ws = workspace.id;
    await person(ws, shopId, "c:s:a", ["2026-11-01", "2026-11-02", "2026-11-03"], { netSales: "500", country: "US" });
    await person(ws, shopId, "c:s:b", ["2026-11-01"], { netSales: "50", country: "DE" });
    await person(ws, shopId, "c:s:c", ["2026-11-01", "2026-11-05"], { netSales: "250.5", country: "US", channel: "google" });
    const t0 = new Date("2026-11-10T00:00:00Z");
    const big = { match: "all", conditions: [{ field: "net_sales", op: "gte", value: 250.5 }, { field: "country", op: "is", value: "US" }] };
    expect(await previewRule(ws, { rule: big })).toEqual({ count: 2 });
    const tag = await createTag(ws, { name: "Big US", rule: big }, owner.id, t0);
    expect(tag).toMatchObject({ kind: "rule", size: 2 });
    expect(await members(ws, tag.id)).toEqual(["c:s:a", "c:s:c"]);

    const t1 = new Date("2026-11-11T00:00:00Z");
    const changed = { match: "any", conditions: [{ field: "orders", op: "gte", value: 3 }, { match: "all", conditions: [{ field: "first_channel", op: "in", value: ["meta"] }] }, { field: "country", op: "is", value: "DE" }] };
    await updateTag(ws, tag.id, { rule: changed }, t1);
    expect(await members(ws, tag.id)).toEqual(["c:s:a", "c:s:b"]);
    expect((await personTagHistory(ws, "c:s:c")).map((h) => [h.change, h.at.toISOString()])).toEqual([["removed", t1.toISOString()], ["added", t0.toISOString()]]);
    expect((await personTagHistory(ws, "c:s:b")).map((h) => [h.change, h.at.toISOString()])).toEqual([["added", t1.toISOString()]]);
    expect((await personTagHistory(ws, "c:s:a")).map((h) => h.change)).toEqual(["added"]);

    // b moves to the US: a run for c alone leaves b as it is; a run for b updates b.
    await getPool().query("UPDATE customer_profiles SET country = 'US' WHERE workspace_id = $1 AND customer_key = 'c:s:b'", [ws]);
    await runTagRules(ws, ["c:s:c"], new Date("2026-11-12T00:00:00Z"));
    expect(await members(ws, tag.id)).toEqual(["c:s:a", "c:s:b"]);
    await runTagRules(ws, ["c:s:b"], new Date("2026-11-12T00:00:00Z"));
    expect(await members(ws, tag.id)).toEqual(["c:s:a"]);
  });

  it("refuses an unknown field, a bad operator and an invalid threshold with a 400 naming the place", async () => {
    const { workspace } = await customerWorkspace();
    const ws = workspace.id;
    const cases: [unknown, string][] = [
      [{ match: "all", conditions: [{ field: "shoe_size", op: "gt", value: 1 }] }, "rule.conditions.0.field"],
      [{ match: "all", conditions: [{ field: "orders", op: "gt", value: 1 }, { field: "p_active", op: "lt", value: 1.5 }] }, "rule.conditions.1.value"],
      [{ match: "all", conditions: [{ field: "orders", op: "contains", value: 1 }] }, "rule.conditions.0.op"],
      [{ match: "any", conditions: [{ match: "all", conditions: [{ field: "orders", op: "gte", value: 2.5 }] }] }, "rule.conditions.0.conditions.0.value"],
      [{ match: "all", conditions: [{ field: "orders", op: "between", value: [5, 2] }] }, "rule.conditions.0.value"],
      [{ match: "all", conditions: [{ field: "country", op: "is", value: "usa" }] }, "rule.conditions.0.value"],
      [{ match: "all", conditions: [{ field: "product_groups", op: "any_of", value: ["nope"] }] }, "rule.conditions.0.value.0"],
      [{ match: "some", conditions: [] }, "rule.match"],
      [{ match: "all", conditions: [] }, "rule.conditions"],
    ];
    for (const [rule, field] of cases) {
      const error = await expectAppError(createTag(ws, { name: "Bad", rule }, null), "bad_request");
      expect(Object.keys(error.fields ?? {}), JSON.stringify(rule)).toContain(field);
    }
    const level = await expectAppError(previewRule(ws, { rule: { match: "all", conditions: [{ field: "level", op: "is", value: "very" }] } }), "bad_request");
    expect(level.fields).toHaveProperty(["rule.conditions.0.value"]);
    expect(await db.tag.count({ where: { workspaceId: ws } })).toBe(0);
  });
});

describe("a rule over activity scores", () => {
  it("reads level, weekly change and RFM from person_activity by column name", async () => {
    const { workspace, shopId } = await customerWorkspace();
    const ws = workspace.id;
    for (const key of ["c:s:hot", "c:s:cooling", "c:s:cold"]) await person(ws, shopId, key, ["2026-11-01"]);
    const activity = [["c:s:hot", 40, "high", 5, "champions"], ["c:s:cooling", 30, "high", -12, "at_risk"], ["c:s:cold", 1, "low", -1, "lost"]] as const;
    for (const [key, score, level, change, segment] of activity) {
      await getPool().query(
        `INSERT INTO person_activity (workspace_id, person_key, score, score_day, weekly_score, previous_weekly_score, weekly_change, level, rfm_r, rfm_f, rfm_m, rfm_segment)
         VALUES ($1, $2, $3::float8, '2026-11-10', $3::float8, $3::float8 - $5::float8, $5::float8, $4, 3, 3, 3, $6)`,
        [ws, key, score, level, change, segment],
      );
    }
    const slipping = { match: "all", conditions: [{ field: "level", op: "is", value: "high" }, { field: "weekly_change", op: "lt", value: 0 }] };
    expect(await previewRule(ws, { rule: slipping })).toEqual({ count: 1 });
    const tag = await createTag(ws, { name: "Cooling off", rule: slipping }, null);
    expect(await members(ws, tag.id)).toEqual(["c:s:cooling"]);
    const segments = { match: "any", conditions: [{ field: "rfm_segment", op: "in", value: ["champions", "lost"] }, { field: "score", op: "between", value: [29, 31] }] };
    expect(await previewRule(ws, { rule: segments })).toEqual({ count: 3 });

    // After a recompute for some persons, the rule reads their activity alone: hot starts cooling
    // and cooling recovers, but a run for hot only adds hot and leaves cooling's tag as it is.
    await getPool().query("UPDATE person_activity SET weekly_change = -3 WHERE workspace_id = $1 AND person_key = 'c:s:hot'", [ws]);
    await getPool().query("UPDATE person_activity SET weekly_change = 2 WHERE workspace_id = $1 AND person_key = 'c:s:cooling'", [ws]);
    const scoped = await runTagRules(ws, ["c:s:hot", "c:s:cold"], new Date("2026-11-12T00:00:00Z"));
    expect(scoped.get(tag.id)).toEqual({ added: ["c:s:hot"], removed: [] });
    expect(await members(ws, tag.id)).toEqual(["c:s:cooling", "c:s:hot"]);
    expect((await runTagRules(ws, ["c:s:cooling"], new Date("2026-11-12T00:00:00Z"))).get(tag.id)).toEqual({ added: [], removed: ["c:s:cooling"] });
    expect(await members(ws, tag.id)).toEqual(["c:s:hot"]);
  });
});

describe("a run for some people", () => {
  it("tags them as a run for everyone would, leaves the others, and loses only a failing rule's changes", async () => {
    const { workspace, shopId } = await customerWorkspace();
    const ws = workspace.id;
    const at = new Date("2026-11-12T00:00:00Z");
    const keys = ["c:s:a", "c:s:b", "c:s:c", "c:s:d"];
    for (const [i, key] of keys.entries()) {
      await person(ws, shopId, key, i % 2 ? ["2026-10-01", "2026-10-20"] : ["2026-10-01"]);
      await getPool().query(
        `INSERT INTO person_activity (workspace_id, person_key, score, score_day, weekly_score, previous_weekly_score, weekly_change, level)
         VALUES ($1, $2, 1, '2026-11-10', 1, 1, 0, 'low')`,
        [ws, key],
      );
    }
    const high = await createTag(ws, { name: "High", rule: { match: "all", conditions: [{ field: "level", op: "is", value: "high" }] } }, null, at);
    const repeat = await createTag(ws, { name: "Repeat", rule: { match: "all", conditions: [{ field: "orders", op: "gte", value: 2 }] } }, null, at);
    expect(await members(ws, repeat.id)).toEqual(["c:s:b", "c:s:d"]);

    // Everyone changes; a run for a and b looks at them alone.
    await getPool().query("UPDATE person_activity SET level = 'high' WHERE workspace_id = $1", [ws]);
    await getPool().query("UPDATE customer_profiles SET orders = 3 - orders WHERE workspace_id = $1", [ws]);
    const scoped = await runTagRules(ws, ["c:s:a", "c:s:b"], at);
    expect(scoped.get(high.id)).toEqual({ added: ["c:s:a", "c:s:b"], removed: [] });
    expect(scoped.get(repeat.id)).toEqual({ added: ["c:s:a"], removed: ["c:s:b"] });
    expect(await members(ws, repeat.id)).toEqual(["c:s:a", "c:s:d"]);
    // A run for everyone then changes c and d alone: a and b were already where it puts them.
    const full = await runTagRules(ws, "all", at);
    expect(full.get(high.id)).toEqual({ added: ["c:s:c", "c:s:d"], removed: [] });
    expect(full.get(repeat.id)).toEqual({ added: ["c:s:c"], removed: ["c:s:d"] });

    // A rule whose write fails keeps its tag as it was; the other rules of the run still apply.
    await getPool().query("UPDATE person_activity SET level = 'low' WHERE workspace_id = $1", [ws]);
    await getPool().query("UPDATE customer_profiles SET orders = 3 - orders WHERE workspace_id = $1", [ws]);
    const trigger = `refuse_tag_${repeat.id}`;
    await getPool().query(`CREATE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$`);
    // The rule's run removes a from the tag first, and that delete fails.
    await getPool().query(`CREATE TRIGGER ${trigger} BEFORE DELETE ON person_tags FOR EACH ROW WHEN (OLD.tag_id = '${repeat.id}') EXECUTE FUNCTION ${trigger}()`);
    try {
      const failed = await runTagRules(ws, ["c:s:a", "c:s:b"], at);
      expect(failed.get(high.id)).toEqual({ added: [], removed: ["c:s:a", "c:s:b"] });
      expect(failed.has(repeat.id)).toBe(false);
      expect(await members(ws, repeat.id)).toEqual(["c:s:a", "c:s:c"]);
      expect(await members(ws, high.id)).toEqual(["c:s:c", "c:s:d"]);
    } finally {
      await getPool().query(`DROP TRIGGER IF EXISTS ${trigger} ON person_tags`);
      await getPool().query(`DROP FUNCTION IF EXISTS ${trigger}()`);
    }
  });
});
