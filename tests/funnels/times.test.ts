import { describe, expect, it } from "vitest";
import { sequence } from "@/lib/connectors/shopify/demo/random";
import { getPool, inTransaction } from "@/lib/db/pool";
import { BREAKDOWNS, DEFAULT_STEPS, type TFunnelDefinition } from "@/lib/funnels/definition";
import { funnelStatement } from "@/lib/funnels/sql";
import { funnelTimesStatement, readsTimes } from "@/lib/funnels/times-sql";
import { rebuildFunnelTimes, rewriteFunnelTimes } from "@/lib/funnels/summary";
import { eraseCustomerTracking } from "@/lib/identity/erase";
import { applyRetention } from "@/lib/tracking/retention";
import { sweepUnsessionedEvents } from "@/lib/tracking/sessions/sweep";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { CRAWLER, IPHONE, samePerson, storeStream, type StreamEvent } from "./support";

// The funnel over funnel_event_times must answer exactly what the statement over tracked_events
// answers: random event streams, stored over several drains (late events re-cut sessions), are
// run through both sources under every way of counting and splitting.

async function workspace() {
  const owner = await seedUser();
  return (await seedWorkspace(owner.id, { timeZone: "America/New_York" })).id;
}

// Range 2026-03-10..12 in New York; events from two days before to ten after, so entries before
// the range, steps inside and past the window all occur.
const RANGE = { from: "2026-03-10 04:00:00", to: "2026-03-13 04:00:00" };
const STREAM_START = Date.parse("2026-03-08T00:00:00Z");
const NAMES = [...DEFAULT_STEPS, "wishlist_added"];

/** Visitors with bursts of events (a visit) minutes apart, visits hours or days apart; every time distinct. */
function stream(seed: number, visitors: number): StreamEvent[] {
  const next = sequence(seed);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  const used = new Set<number>();
  const events: StreamEvent[] = [];
  for (let v = 0; v < visitors; v++) {
    const visitor = `s${seed}-v${v}`;
    const ua = next() < 0.15 ? CRAWLER : next() < 0.5 ? IPHONE : undefined;
    let at = STREAM_START + Math.floor(next() * 6 * 86_400) * 1000;
    const count = 1 + Math.floor(next() * 9);
    for (let i = 0; i < count; i++) {
      const gap = next() < 0.25 ? Math.floor(next() * 4 * 86_400) : Math.floor(next() * 600);
      at += (1 + gap) * 1000;
      while (used.has(at)) at += 1000;
      used.add(at);
      // Page views repeat; later steps come in any order.
      const event = next() < 0.35 ? "page_view" : pick(NAMES);
      const campaign = next() < 0.2 ? { utm_source: "google", utm_medium: "cpc", utm_campaign: pick(["spring", "summer"]) } : undefined;
      const url = `https://shop.example/${pick(["", "products/a", "products/b?x=1"])}`;
      events.push({ visitor, at: new Date(at).toISOString(), event, ua, url, context: campaign });
    }
  }
  return events;
}

/** The events in time order, in a few drains of random size, the latest arriving first at times. */
async function storeInDrains(ws: string, events: StreamEvent[], seed: number) {
  const next = sequence(seed + 1);
  const shuffled = [...events].sort(() => next() - 0.5);
  const cut = [0, Math.floor(shuffled.length / 3), Math.floor((2 * shuffled.length) / 3), shuffled.length];
  for (let i = 0; i < 3; i++) await storeStream(ws, shuffled.slice(cut[i], cut[i + 1]));
}

const definitions = (): TFunnelDefinition[] => {
  const list: TFunnelDefinition[] = [];
  const base: TFunnelDefinition = { steps: DEFAULT_STEPS.map((event) => ({ event })), window_days: 7, count_by: "visitor", breakdown: null };
  for (const count_by of ["visitor", "session"] as const) {
    for (const breakdown of [null, ...BREAKDOWNS]) list.push({ ...base, count_by, breakdown });
    list.push({ ...base, count_by, steps: ["product_viewed", "page_view", "checkout_started"].map((event) => ({ event })) });
    list.push({ ...base, count_by, steps: ["page_view", "page_view", "product_viewed", "page_view"].map((event) => ({ event })) });
    list.push({ ...base, count_by, window_days: 1, steps: ["page_view", "wishlist_added", "checkout_completed"].map((event) => ({ event })) });
  }
  return list;
};

async function answer(ws: string, definition: TFunnelDefinition, source: "events" | "times", includeBots: boolean) {
  const statement = (source === "events" ? funnelStatement : funnelTimesStatement)(ws, definition, RANGE, { includeBots });
  const { rows } = await getPool().query(statement);
  return rows.sort((a, b) => Number(a.total) - Number(b.total) || String(a.value).localeCompare(String(b.value)));
}

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
    // Events no session has taken in yet (the sessions consumer has not caught up) count per visitor;
    // their rows span days, so a row can hold times both before a step and past the window.
    const unsessioned: [string, string][] = [
      ["page_view", "2026-03-11 15:00:07"],
      ["wishlist_added", "2026-03-11 10:00:07"],
      ["wishlist_added", "2026-03-12 18:00:07"],
      ["checkout_completed", "2026-03-12 19:00:07"],
    ];
    for (const [i, [event, at]] of unsessioned.entries()) {
      await getPool().query(
        `INSERT INTO tracked_events (workspace_id, message_id, event, occurred_at, received_at, anonymous_id, properties, context, source)
         VALUES ($1, $2, $3, $4, now(), 'unsessioned', '{}', '{}', 'browser')`,
        [ws, `late-${seed}-${i}`, event, at],
      );
    }
    await inTransaction((client) => rewriteFunnelTimes(client, ws, ["unsessioned"]));

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
