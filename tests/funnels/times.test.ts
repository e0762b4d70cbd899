import { describe, expect, it } from "vitest";
import { getPool, inTransaction } from "@/lib/db/pool";
import type { TFunnelDefinition } from "@/lib/funnels/definition";
import { funnelTimesStatement, readsTimes } from "@/lib/funnels/times-sql";
import { rebuildFunnelTimes, rewriteFunnelTimes } from "@/lib/funnels/summary";
import { eraseCustomerTracking } from "@/lib/identity/erase";
import { applyRetention } from "@/lib/tracking/retention";
import { sweepUnsessionedEvents } from "@/lib/tracking/sessions/sweep";
import { answer, definitions, RANGE, storeInDrains, storeUnsessioned, stream, workspace } from "./streams";
import { samePerson, storeStream } from "./support";

// The funnel over funnel_event_times must answer exactly what the statement over tracked_events
// answers: random event streams, stored over several drains (late events re-cut sessions), are
// run through both sources under every way of counting and splitting.

async function timesRows(ws: string) {
  const { rows } = await getPool().query(
    `SELECT anonymous_id, event, session_id, is_bot, first_at, last_at, times FROM funnel_event_times WHERE workspace_id = $1
     ORDER BY anonymous_id, event, session_id, is_bot`,
    [ws],
  );
  return rows;
}

describe("funnel over the event times", () => {
  it.each([11, 23, 37])("answers as the events statement does on random streams (seed %i)", async (seed) => {
    const ws = await workspace();
    const events = stream(seed, 60);
    await storeInDrains(ws, events, seed);
    // Browsers of one person, one of them possibly a crawler.
    await samePerson(ws, `e:${seed}-a`, [`s${seed}-v0`, `s${seed}-v1`, `s${seed}-v2`]);
    await samePerson(ws, `e:${seed}-b`, [`s${seed}-v3`, `s${seed}-v4`]);
    await storeUnsessioned(ws, seed);

    let deepest = 0;
    for (const definition of definitions()) {
      for (const includeBots of [false, true]) {
        const expected = await answer(ws, definition, "events", includeBots);
        expect(await answer(ws, definition, "times", includeBots), JSON.stringify({ definition, includeBots })).toEqual(expected);
        const total = expected.find((row) => row.total);
        deepest = Math.max(deepest, ...definition.steps.map((_, i) => (total[`c${i + 1}`] > 0 ? i + 1 : 0)));
      }
    }
    // The streams reach the last steps somewhere, so the comparison is not between empty answers.
    expect(deepest).toBeGreaterThanOrEqual(3);
    // What the drains kept is what a rewrite from the events gives.
    const kept = await timesRows(ws);
    await rebuildFunnelTimes(ws);
    expect(kept).toEqual(await timesRows(ws));
  });

  it("reads the events for steps with a filter", () => {
    const steps = [{ event: "page_view", where: { property: "page_url", operator: "contains" as const, value: "/products/" } }, { event: "product_viewed" }];
    const definition: TFunnelDefinition = { steps, window_days: 7, count_by: "visitor", breakdown: null };
    expect(readsTimes(definition)).toBe(false);
    expect(readsTimes({ ...definition, steps: [{ event: "page_view" }, { event: "product_viewed" }] })).toBe(true);
    expect(() => funnelTimesStatement("w", definition, RANGE, { includeBots: false })).toThrow(/filter/);
  });

  it("groups a visit's repeated events into one row per event name, rewritten when a late event joins two visits", async () => {
    const ws = await workspace();
    await storeStream(ws, [
      { visitor: "v", at: "2026-03-10T14:00:00Z", event: "page_view" },
      { visitor: "v", at: "2026-03-10T14:01:00Z", event: "page_view" },
      { visitor: "v", at: "2026-03-10T14:50:00Z", event: "page_view" },
    ]);
    const before = await timesRows(ws);
    expect(before.map((r) => r.times.length).sort()).toEqual([1, 2]);
    // 14:25 is within 30 minutes of both visits: they become one.
    await storeStream(ws, [{ visitor: "v", at: "2026-03-10T14:25:00Z", event: "page_view" }]);
    const after = await timesRows(ws);
    expect(after).toHaveLength(1);
    expect(after[0]!.times).toHaveLength(4);
    const { rows } = await getPool().query("SELECT DISTINCT session_id FROM tracked_events WHERE workspace_id = $1", [ws]);
    expect(rows.map((r) => r.session_id)).toEqual([after[0]!.session_id]);
  });

  it("takes in the session ids the unsessioned-event sweep gives a drain's events whose consumers never ran", async () => {
    const ws = await workspace();
    await getPool().query(
      `INSERT INTO tracked_events (workspace_id, message_id, event, occurred_at, received_at, anonymous_id, properties, context, source)
       VALUES ($1, 'missed', 'page_view', (now() AT TIME ZONE 'UTC') - interval '1 hour', (now() AT TIME ZONE 'UTC') - interval '10 minutes',
         'missed', '{}', '{"user_agent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0.0.0"}', 'browser')`,
      [ws],
    );
    await inTransaction((client) => rewriteFunnelTimes(client, ws, ["missed"]));
    expect((await timesRows(ws)).map((r) => r.session_id)).toEqual([""]);
    await sweepUnsessionedEvents();
    const { rows } = await getPool().query("SELECT session_id FROM tracked_events WHERE workspace_id = $1", [ws]);
    expect(rows[0]!.session_id).toBeTruthy();
    expect((await timesRows(ws)).map((r) => r.session_id)).toEqual([rows[0]!.session_id]);
  });

  it("erases a customer's rows with their tracking data", async () => {
    const ws = await workspace();
    await storeStream(ws, [
      { visitor: "gone", at: "2026-03-10T14:00:00Z", event: "page_view" },
      { visitor: "kept", at: "2026-03-10T14:00:00Z", event: "page_view" },
    ]);
    await samePerson(ws, "e:gone", ["gone"]);
    await eraseCustomerTracking(ws, "e:gone");
    expect((await timesRows(ws)).map((r) => r.anonymous_id)).toEqual(["kept"]);
  });

  it("drops times older than the workspace's retention, as the events go", async () => {
    const ws = await workspace();
    await getPool().query("INSERT INTO tracking_settings (workspace_id, retention_days) VALUES ($1, 30)", [ws]);
    const day = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
    // Not sessionised, so one row spans the cutoff.
    for (const [i, at] of [day(45), day(40), day(20), day(10)].entries()) {
      await getPool().query(
        `INSERT INTO tracked_events (workspace_id, message_id, event, occurred_at, received_at, anonymous_id, properties, context, source)
         VALUES ($1, $2, 'page_view', ($3::timestamptz AT TIME ZONE 'UTC'), now(), $4, '{}', '{}', 'browser')`,
        [ws, `r-${i}`, at, i < 2 ? "old" : "both"],
      );
    }
    // Retention visits workspaces whose message-id ledger holds something.
    await getPool().query("INSERT INTO tracked_event_ids (workspace_id, message_id, occurred_at) VALUES ($1, 'r-0', now())", [ws]);
    await getPool().query(
      `INSERT INTO tracked_events (workspace_id, message_id, event, occurred_at, received_at, anonymous_id, properties, context, source)
       VALUES ($1, 'r-4', 'page_view', ($2::timestamptz AT TIME ZONE 'UTC'), now(), 'both', '{}', '{}', 'browser')`,
      [ws, day(50)],
    );
    await inTransaction((client) => rewriteFunnelTimes(client, ws, ["old", "both"]));
    expect((await timesRows(ws)).map((r) => r.times.length)).toEqual([3, 2]);
    await applyRetention();
    const trimmed = await timesRows(ws);
    expect(trimmed.map((r) => [r.anonymous_id, r.times.length])).toEqual([["both", 2]]);
    await rebuildFunnelTimes(ws);
    expect(await timesRows(ws)).toEqual(trimmed);
  });
});
