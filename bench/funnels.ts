// The funnel report's speed on a large store. On a throwaway database, one workspace gets N
// sessions (default 1,000,000) over 30 days from a few hundred thousand browsers, about five
// events each (page views, an engagement, then product views, carts, checkouts and orders at
// shrinking rates), 2% of sessions bots and a tenth of browsers linked to a person shared with
// another browser. Then the default 5-step funnel over the 30 days is run 50 times (`--runs`),
// per visitor; and a few times per session with a channel breakdown. The funnel's event times are
// written from the loaded events first (times_s), as the migration's backfill does.
// Prints `name value` lines. Usage: npm run bench:funnels -- [--sessions 1000000] [--runs 50]
import { numberOption, percentile, timeRuns } from "./stats";
import { runBench, withBenchDatabase } from "./support";
import { SESSION_EVENTS_SQL } from "./session-events-sql";

const FIRST_DAY = "2026-10-01";
const LAST_DAY = "2026-10-30";

// Sessions spread over the range (UTC; the workspace is on UTC too), browsers reused across
// sessions, and each session's events generated from its number so a run is reproducible.
const LOAD_SQL = `
WITH s AS (
  SELECT i, 'b' || (i % $2) AS anon, md5(i::text) AS id,
    timestamp '${FIRST_DAY}' + ((i * 7919) % (30 * 86400)) * interval '1 second' AS start,
    (i % 50 = 0) AS bot,
    ((i * 31) % 100) AS r
  FROM generate_series(1, $1::int) AS i
), ins_sessions AS (
  INSERT INTO tracked_sessions (workspace_id, id, anonymous_id, started_at, ended_at, day, landing_page, referrer, utm_source, utm_medium, utm_campaign,
    channel, device, event_count, page_views, engaged_ms, is_bot, bot_reason)
  SELECT $3, id, anon, start, start + interval '20 minutes', start::date, 'https://shop.example/p/' || (i % 40), NULL,
    NULL, NULL, CASE WHEN i % 7 = 0 THEN 'spring_' || (i % 5) END,
    (ARRAY['direct','google','facebook','tiktok','email','organic'])[1 + i % 6], (ARRAY['desktop','mobile','tablet'])[1 + i % 3],
    5, 3, 0, bot, CASE WHEN bot THEN 'user_agent' END
  FROM s
  RETURNING 1
), ${SESSION_EVENTS_SQL}`;

const VISITORS_SQL = `
INSERT INTO visitors (workspace_id, anonymous_id, first_seen_at, last_seen_at, person_key, identified_at)
SELECT $1, 'b' || b, timestamp '${FIRST_DAY}', timestamp '${LAST_DAY}',
  CASE WHEN b % 10 < 2 THEN 'e:person-' || (b / 10) END, CASE WHEN b % 10 < 2 THEN timestamp '${FIRST_DAY}' END
FROM generate_series(0, $2::int - 1) AS b`;

async function main() {
  const sessions = numberOption("sessions", 1_000_000);
  const runs = numberOption("runs", 50);
  const browsers = Math.max(1, Math.round(sessions * 0.6));
  await withBenchDatabase({}, async () => {
    const { seedUser, seedWorkspace } = await import("../lib/seed/factories");
    const { getPool } = await import("../lib/db/pool");
    const { ensureMonthPartitions } = await import("../lib/tracking/partitions");
    const { runFunnelReport } = await import("../lib/funnels/report");
    const { rebuildFunnelTimes } = await import("../lib/funnels/summary");
    const { DEFAULT_DEFINITION } = await import("../lib/funnels/definition");

    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id, { timeZone: "UTC" });
    await ensureMonthPartitions(["2026-10", "2026-11"]);

    const started = performance.now();
    const loaded = await getPool().query(LOAD_SQL, [sessions, browsers, workspace.id]);
    await getPool().query(VISITORS_SQL, [workspace.id, browsers]);
    const loadSeconds = (performance.now() - started) / 1000;
    await getPool().query("VACUUM ANALYZE tracked_events");
    await getPool().query("VACUUM ANALYZE tracked_sessions");
    await getPool().query("VACUUM ANALYZE visitors");
    // The funnel reads the event times the drain keeps; written here from the events loaded past the drain.
    const timesStarted = performance.now();
    const timesRows = await rebuildFunnelTimes(workspace.id);
    await getPool().query("VACUUM ANALYZE funnel_event_times");
    const timesSeconds = (performance.now() - timesStarted) / 1000;

    const range = { date_from: FIRST_DAY, date_to: LAST_DAY };
    const report = await runFunnelReport(workspace.id, DEFAULT_DEFINITION, range);
    const visitorMs = await timeRuns(runs, () => runFunnelReport(workspace.id, DEFAULT_DEFINITION, range));
    const breakdownRuns = Math.max(1, Math.round(runs / 10));
    const sessionMs = await timeRuns(breakdownRuns, () => runFunnelReport(workspace.id, { ...DEFAULT_DEFINITION, count_by: "session", breakdown: "channel" }, range));

    console.log(`sessions ${sessions}`);
    console.log(`events ${loaded.rowCount}`);
    console.log(`load_s ${loadSeconds.toFixed(1)}`);
    console.log(`times_rows ${timesRows}`);
    console.log(`times_s ${timesSeconds.toFixed(1)}`);
    console.log(`steps ${report.total.steps.map((s) => s.count).join(" ")}`);
    console.log(`bots_excluded ${report.bots_excluded}`);
    console.log(`p50 ${percentile(visitorMs, 50).toFixed(1)}`);
    console.log(`p95 ${percentile(visitorMs, 95).toFixed(1)}`);
    console.log(`session_channel_p95 ${percentile(sessionMs, 95).toFixed(1)}`);
  });
}

runBench(main);
