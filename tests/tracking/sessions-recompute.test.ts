import { describe, expect, it } from "vitest";
import { getPool } from "@/lib/db/pool";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { afterEventsDrained } from "@/lib/tracking/after-drain";
import { sessioniseVisitors } from "@/lib/tracking/sessions/recompute";
import { sweepUnsessionedEvents } from "@/lib/tracking/sessions/sweep";

// Sessions recomputed from stored events after a drain: late events, idempotence, bot flags
// written back to events, the traffic rollup refreshed, and nothing of another workspace touched.

const CHROME = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const BOT = "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)";

let n = 0;
type Ev = { at: string; visitor: string; event?: string; url?: string; ua?: string; context?: Record<string, unknown>; receivedMinutesAgo?: number };

async function store(workspaceId: string, events: Ev[]): Promise<string[]> {
  const ids: string[] = [];
  for (const e of events) {
    const id = `msg-${++n}`;
    ids.push(id);
    await getPool().query(
      `INSERT INTO tracked_events (workspace_id, message_id, event, occurred_at, received_at, anonymous_id, page_url, referrer, properties, context, source)
       VALUES ($1, $2, $3, ($4::timestamptz AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC') - make_interval(mins => $8), $5, $6, NULL, '{}', $7, 'browser')`,
      [workspaceId, id, e.event ?? "page_view", e.at, e.visitor, e.url ?? "https://shop.example/", { user_agent: e.ua ?? CHROME, country: "DE", ...e.context }, e.receivedMinutesAgo ?? 0],
    );
  }
  return ids;
}

async function workspace(timeZone = "America/New_York") {
  const owner = await seedUser();
  return (await seedWorkspace(owner.id, { timeZone })).id;
}

const sessionsOf = async (workspaceId: string) =>
  (await getPool().query<{ id: string; anonymous_id: string; day: string; channel: string; event_count: number; is_bot: boolean; bot_reason: string | null }>(
    `SELECT id, anonymous_id, to_char(day, 'YYYY-MM-DD') AS day, channel, event_count, is_bot, bot_reason FROM tracked_sessions
     WHERE workspace_id = $1 ORDER BY started_at`, [workspaceId])).rows;

const eventsOf = async (workspaceId: string) =>
  (await getPool().query<{ message_id: string; session_id: string | null; is_bot: boolean | null; bot_reason: string | null }>(
    "SELECT message_id, session_id, is_bot, bot_reason FROM tracked_events WHERE workspace_id = $1 ORDER BY occurred_at", [workspaceId])).rows;

const rollup = async (workspaceId: string) =>
  (await getPool().query<{ day: string; channel: string; sessions: number; bot_sessions: number }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, channel, sessions, bot_sessions FROM sessions_daily WHERE workspace_id = $1 ORDER BY day, channel`,
    [workspaceId])).rows;

describe("sessions after a drain", () => {
  it("cuts stored events into sessions, writes their ids back and refreshes the traffic rollup", async () => {
    const ws = await workspace();
    // 23:50 and 00:05 New York time (UTC-5 in January): one session, on the 9th; then 40 minutes later a second.
    await store(ws, [
      { at: "2026-01-10T04:50:00Z", visitor: "v1", context: { utm_source: "facebook", utm_medium: "paid" }, url: "https://shop.example/?utm_source=facebook&utm_medium=paid" },
      { at: "2026-01-10T05:05:00Z", visitor: "v1", url: "https://shop.example/products/a" },
      { at: "2026-01-10T05:45:00Z", visitor: "v1" },
    ]);
    await afterEventsDrained([{ workspaceId: ws, count: 3, earliest: new Date("2026-01-10T04:50:00Z"), latest: new Date("2026-01-10T05:45:00Z"), anonymousIds: ["v1"] }]);

    const sessions = await sessionsOf(ws);
    expect(sessions.map((s) => [s.day, s.channel, s.event_count])).toEqual([["2026-01-09", "facebook", 2], ["2026-01-10", "direct", 1]]);
    const events = await eventsOf(ws);
    expect(events.map((e) => e.session_id)).toEqual([sessions[0]!.id, sessions[0]!.id, sessions[1]!.id]);
    expect(events.every((e) => e.is_bot === false)).toBe(true);
    expect(await rollup(ws)).toEqual([
      { day: "2026-01-09", channel: "facebook", sessions: 1, bot_sessions: 0 },
      { day: "2026-01-10", channel: "direct", sessions: 1, bot_sessions: 0 },
    ]);

    // Nothing new: running again changes nothing.
    expect(await sessioniseVisitors(ws, ["v1"])).toEqual({ visitors: 0, sessions: 0, days: [] });
    expect(await sessionsOf(ws)).toEqual(sessions);
  });

  it("lets a late event join two sessions into one, and gives the same result when run twice", async () => {
    const ws = await workspace("UTC");
    await store(ws, [{ at: "2026-03-01T10:00:00Z", visitor: "v1" }, { at: "2026-03-01T10:40:00Z", visitor: "v1" }]);
    await sessioniseVisitors(ws, ["v1"]);
    expect((await sessionsOf(ws)).map((s) => s.event_count)).toEqual([1, 1]);

    await store(ws, [{ at: "2026-03-01T10:20:00Z", visitor: "v1", event: "add_to_cart" }]);
    expect(await sessioniseVisitors(ws, ["v1", "v1"])).toMatchObject({ visitors: 1, sessions: 1, days: ["2026-03-01"] });
    const [merged] = await sessionsOf(ws);
    expect(merged).toMatchObject({ event_count: 3 });
    expect((await sessionsOf(ws)).length).toBe(1);
    expect(new Set((await eventsOf(ws)).map((e) => e.session_id))).toEqual(new Set([merged!.id]));
    expect(await rollup(ws)).toEqual([{ day: "2026-03-01", channel: "direct", sessions: 1, bot_sessions: 0 }]);

    // An event an hour later starts a new session and leaves the merged one as it was.
    await store(ws, [{ at: "2026-03-01T12:00:00Z", visitor: "v1" }]);
    await sessioniseVisitors(ws, ["v1"]);
    expect((await sessionsOf(ws)).map((s) => [s.id, s.event_count])).toEqual([[merged!.id, 3], [expect.any(String), 1]]);
  });

  it("flags bots on sessions and events without dropping them, and counts them apart in the rollup", async () => {
    const ws = await workspace("UTC");
    await store(ws, [
      { at: "2026-03-02T09:00:00Z", visitor: "crawler", ua: BOT },
      { at: "2026-03-02T09:00:01Z", visitor: "crawler", ua: BOT },
      { at: "2026-03-02T09:30:00Z", visitor: "person" },
      ...Array.from({ length: 12 }, (_, i) => ({ at: new Date(Date.parse("2026-03-02T11:00:00Z") + i * 200).toISOString(), visitor: "scraper" })),
    ]);
    await sessioniseVisitors(ws, ["crawler", "person", "scraper"]);
    const byVisitor = Object.fromEntries((await sessionsOf(ws)).map((s) => [s.anonymous_id, [s.is_bot, s.bot_reason]]));
    expect(byVisitor).toEqual({ crawler: [true, "user_agent"], person: [false, null], scraper: [true, "too_fast"] });
    const events = await eventsOf(ws);
    expect(events.filter((e) => e.is_bot).length).toBe(14);
    expect(events.filter((e) => e.bot_reason === "user_agent").length).toBe(2);
    expect(await rollup(ws)).toEqual([{ day: "2026-03-02", channel: "direct", sessions: 1, bot_sessions: 2 }]);
  });

  it("touch only the workspace they are run for", async () => {
    const [mine, theirs] = [await workspace("UTC"), await workspace("UTC")];
    await store(mine, [{ at: "2026-03-03T09:00:00Z", visitor: "same-id" }]);
    await store(theirs, [{ at: "2026-03-03T09:00:00Z", visitor: "same-id" }]);
    await sessioniseVisitors(mine, ["same-id"]);
    expect(await sessionsOf(mine)).toHaveLength(1);
    expect(await sessionsOf(theirs)).toHaveLength(0);
    expect((await eventsOf(theirs))[0]!.session_id).toBeNull();
  });

  it("catch up, on the sweep, events a drain stored but no session took in", async () => {
    const ws = await workspace("UTC");
    await store(ws, [
      { at: "2026-03-04T09:00:00Z", visitor: "missed", receivedMinutesAgo: 5 },
      { at: "2026-03-04T09:00:00Z", visitor: "just-arrived" },
    ]);
    await sweepUnsessionedEvents();
    expect((await sessionsOf(ws)).map((s) => s.anonymous_id)).toEqual(["missed"]);
    const unsessioned = await getPool().query("SELECT anonymous_id FROM tracked_events WHERE workspace_id = $1 AND session_id IS NULL", [ws]);
    expect(unsessioned.rows).toEqual([{ anonymous_id: "just-arrived" }]);
  });
});
