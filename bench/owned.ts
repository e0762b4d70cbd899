// The owned-channel performance report at scale. On a throwaway database, one workspace gets
// N sends (default 1,000,000) over 30 days on 40 campaigns and flows (email and SMS, 5 messages
// each), with pixel opens (some by privacy proxies), clicks (human, undecided and scanners'),
// unsubscribes and complaints, blocked sends and orders attributed to opens, clicks and sessions,
// all written in bulk by SQL (the triggers keep each send's flags as they go). Then, timed apart:
// the first report read after the load (which rebuilds a few days inline and says the rest are
// being updated), and bringing every day's sums up to date as the refresh job does (`rebuild_s`).
// Then the report is generated `--runs` times (default 30) over the ways the page asks for it
// (the month by campaign, a channel, a campaign's messages with its converting orders, a folder,
// a week by message), every other run after a new open on a send not yet opened, so that run
// rebuilds that day's sums first; its answer is checked against a plain reference count.
// Prints `name value` lines: table sizes, `load_avg` (1-minute, at start and end), `rebuild_s`,
// then `p50` and `p95` in milliseconds. `--explain` prints the month's statements' plans.
// Usage: npm run bench:owned -- [--sends 1000000] [--runs 30] [--explain]
import os from "node:os";
import { numberOption, percentile, timeRuns } from "./stats";
import { runBench, withBenchDatabase } from "./support";

const FROM = "2026-03-01";
const TO = "2026-03-30";
const CAMPAIGNS = 40;
const TEMPLATES = 5;

const CAMPAIGNS_SQL = `
INSERT INTO owned_campaigns (workspace_id, id, kind, channel, name, folder_id, source, external_id, updated_at)
SELECT $1, 'bc' || c, CASE WHEN c % 3 = 0 THEN 'flow' ELSE 'campaign' END, CASE WHEN c % 4 = 0 THEN 'sms' ELSE 'email' END,
  'Campaign ' || c, CASE WHEN c % 2 = 0 THEN 'bf1' END, 'api', 'c' || c, now()
FROM generate_series(0, ${CAMPAIGNS - 1}) AS c`;

const TEMPLATES_SQL = `
INSERT INTO owned_templates (workspace_id, id, campaign_id, channel, name, source, external_id, updated_at)
SELECT c.workspace_id, c.id || 't' || t, c.id, c.channel, c.name || ' message ' || t, 'api', 't' || t, now()
FROM owned_campaigns c CROSS JOIN generate_series(0, ${TEMPLATES - 1}) AS t WHERE c.workspace_id = $1`;

// Send i: campaign i % 40, message (i / 40) % 5, spread over the 30 days; 3% failed, 0.5% tests.
const SENDS_SQL = `
INSERT INTO owned_sends (workspace_id, source, send_id, campaign_id, template_id, channel, recipient_email_hash, sent_at, sent_day, status,
  delivered_at, provider_code, is_test, updated_at)
SELECT $1, 'api', 's' || i, 'bc' || (i % ${CAMPAIGNS}), 'bc' || (i % ${CAMPAIGNS}) || 't' || ((i / ${CAMPAIGNS}) % ${TEMPLATES}),
  CASE WHEN (i % ${CAMPAIGNS}) % 4 = 0 THEN 'sms' ELSE 'email' END, md5('r' || (i % 200000)),
  t, t::date, CASE WHEN h % 100 < 3 THEN 'failed' ELSE 'delivered' END, CASE WHEN h % 100 < 3 THEN NULL ELSE t + interval '3 seconds' END,
  CASE WHEN h % 100 < 3 THEN '550' END, h % 1000 < 5, now()
FROM generate_series(1, $2::int) AS i
CROSS JOIN LATERAL (SELECT abs(hashtext('s' || i)) AS h, timestamp '${FROM}' + ((i::bigint * 2591) % (30 * 86400)) * interval '1 second' AS t) AS x`;

// A third of email sends opened by a person, a fifth fetched by a privacy proxy (some both).
const OPENS_SQL = `
INSERT INTO owned_opens (workspace_id, send_id, at, source, machine, machine_reason)
SELECT s.workspace_id, s.id, s.sent_at + (1 + h % 5000) * interval '1 minute', 'pixel', false, NULL
FROM owned_sends s CROSS JOIN LATERAL (SELECT abs(hashtext('o' || s.id)) AS h) AS x
WHERE s.workspace_id = $1 AND s.channel = 'email' AND s.status = 'delivered' AND (h % 100 < 33 OR h % 100 = 99)
UNION ALL
SELECT s.workspace_id, s.id, s.sent_at + interval '4 seconds', 'pixel', true, 'proxy_range'
FROM owned_sends s CROSS JOIN LATERAL (SELECT abs(hashtext('m' || s.id)) AS h) AS x
WHERE s.workspace_id = $1 AND s.channel = 'email' AND s.status = 'delivered' AND h % 100 < 20`;

// 6% of delivered sends clicked: most judged human, some not, some undecided; 2% followed by a scanner.
const CLICKS_SQL = `
INSERT INTO owned_clicks (workspace_id, send_id, url, at, click_id, visitor_id, human, machine, machine_reason)
SELECT s.workspace_id, s.id, 'https://shop.example/', s.sent_at + (10 + h % 3000) * interval '1 minute', 'k' || s.id, 'v' || (s.id % 300000),
  CASE WHEN h % 10 < 7 THEN true WHEN h % 10 < 9 THEN false END, false, NULL
FROM owned_sends s CROSS JOIN LATERAL (SELECT abs(hashtext('k' || s.id)) AS h) AS x
WHERE s.workspace_id = $1 AND s.status = 'delivered' AND h % 100 < 6
UNION ALL
SELECT s.workspace_id, s.id, 'https://shop.example/a', s.sent_at + interval '5 seconds', 'x' || s.id, NULL, false, true, 'all_links'
FROM owned_sends s CROSS JOIN LATERAL (SELECT abs(hashtext('x' || s.id)) AS h) AS x
WHERE s.workspace_id = $1 AND s.status = 'delivered' AND h % 100 < 2`;

const EVENTS_SQL = `
INSERT INTO owned_send_events (workspace_id, send_id, kind, at, source)
SELECT s.workspace_id, s.id, CASE WHEN h % 1000 < 4 THEN 'unsubscribe' ELSE 'spam_complaint' END, s.sent_at + interval '1 hour', 'api'
FROM owned_sends s CROSS JOIN LATERAL (SELECT abs(hashtext('e' || s.id)) AS h) AS x
WHERE s.workspace_id = $1 AND s.status = 'delivered' AND h % 1000 < 5`;

const BLOCKED_SQL = `
INSERT INTO owned_blocked_sends (workspace_id, source, campaign_id, template_id, reason, day, count, updated_at)
SELECT t.workspace_id, 'api', t.campaign_id, t.id, r, d::date, 1 + abs(hashtext(t.id || r || d)) % 50, now()
FROM owned_templates t CROSS JOIN unnest(ARRAY['quiet_hours', 'frequency_cap']) AS r
CROSS JOIN generate_series(timestamp '${FROM}', timestamp '${TO}', interval '1 day') AS d WHERE t.workspace_id = $1`;

// About 1% of sends led to an order: kept by click (with an open), by open alone, and by session.
const CONVERSIONS_SQL = `
INSERT INTO owned_conversions (workspace_id, connection_id, order_id, kind, send_id, campaign_id, template_id, channel, click_id, anonymous_id,
  order_at, order_day, revenue_minor, currency)
SELECT s.workspace_id, 'bench', s.id, k.kind, s.id, s.campaign_id, s.template_id, s.channel, NULL, 'v' || (s.id % 300000),
  s.sent_at + interval '2 hours', (s.sent_at + interval '2 hours')::date, 1000 + h % 20000, 'USD'
FROM owned_sends s CROSS JOIN LATERAL (SELECT abs(hashtext('c' || s.id)) AS h) AS x
CROSS JOIN LATERAL (SELECT unnest(CASE WHEN h % 1000 < 5 THEN ARRAY['click', 'open', 'session'] ELSE ARRAY['open'] END) AS kind) AS k
WHERE s.workspace_id = $1 AND s.status = 'delivered' AND NOT s.is_test AND h % 1000 < 10`;

// The reference: the report's figures counted the plain way, one statement per figure.
const REFERENCE_SQL = `
SELECT s.campaign_id, count(*)::int AS sends,
  count(*) FILTER (WHERE s.status = 'delivered')::int AS delivered,
  count(*) FILTER (WHERE s.id IN (SELECT send_id FROM owned_opens WHERE workspace_id = $1 AND NOT machine)
                      OR s.id IN (SELECT send_id FROM owned_clicks WHERE workspace_id = $1 AND human AND NOT machine))::int AS opens,
  count(*) FILTER (WHERE s.id IN (SELECT send_id FROM owned_clicks WHERE workspace_id = $1 AND human AND NOT machine))::int AS clicks,
  count(*) FILTER (WHERE s.id IN (SELECT send_id FROM owned_opens WHERE workspace_id = $1 AND machine))::int AS machine_opens,
  count(*) FILTER (WHERE s.id IN (SELECT send_id FROM owned_clicks WHERE workspace_id = $1 AND machine))::int AS machine_clicks,
  count(*) FILTER (WHERE s.id IN (SELECT send_id FROM owned_send_events WHERE workspace_id = $1 AND kind = 'unsubscribe'))::int AS unsubscribes,
  (SELECT count(*) FROM owned_conversions c WHERE c.workspace_id = $1 AND c.campaign_id = s.campaign_id AND c.kind = 'click')::int AS click_conversions
FROM owned_sends s
WHERE s.workspace_id = $1 AND s.sent_day BETWEEN $2::date AND $3::date AND NOT s.is_test AND s.status <> 'prepared'
GROUP BY s.campaign_id ORDER BY s.campaign_id`;

async function main() {
  const sends = numberOption("sends", 1_000_000);
  const runs = numberOption("runs", 30);
  await withBenchDatabase({}, async () => {
    const { seedUser, seedWorkspace } = await import("../lib/seed/factories");
    const { getPool } = await import("../lib/db/pool");
    const { ownedConverters, ownedReport } = await import("../lib/owned/report/report");
    const { refreshOwnedReport } = await import("../lib/owned/report/daily");
    const { parseOwnedReportQuery } = await import("../lib/owned/report/query");
    const pool = getPool();

    const loadAtStart = os.loadavg()[0]!;
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id, { timeZone: "UTC", currency: "USD" });
    const ws = workspace.id;
    const started = performance.now();
    await pool.query("INSERT INTO owned_folders (workspace_id, id, name) VALUES ($1, 'bf1', 'Even campaigns')", [ws]);
    await pool.query(CAMPAIGNS_SQL, [ws]);
    await pool.query(TEMPLATES_SQL, [ws]);
    await pool.query(SENDS_SQL, [ws, sends]);
    for (const sql of [OPENS_SQL, CLICKS_SQL, EVENTS_SQL, BLOCKED_SQL, CONVERSIONS_SQL]) await pool.query(sql, [ws]);
    const loadSeconds = (performance.now() - started) / 1000;
    const tables = ["owned_sends", "owned_opens", "owned_clicks", "owned_send_events", "owned_blocked_sends", "owned_conversions"];
    for (const table of tables) await pool.query(`VACUUM ANALYZE ${table}`);

    // What the page asks for: the month by campaign, then one channel, a campaign's messages, a folder.
    const asks: Record<string, string>[] = [
      { date_from: FROM, date_to: TO },
      { date_from: FROM, date_to: TO, channel: "email" },
      { date_from: FROM, date_to: TO, campaign: "bc3" },
      { date_from: FROM, date_to: TO, folder: "bf1" },
      { date_from: "2026-03-08", date_to: "2026-03-14", group_by: "template" },
    ];
    const queries = asks.map((ask) => parseOwnedReportQuery(new URLSearchParams(ask), TO));
    // The first read after a bulk load: every day is marked, it rebuilds a few and says so.
    let pendingAfterLoad = 0;
    const firstRead = await timeRuns(1, async () => {
      pendingAfterLoad = (await ownedReport(ws, queries[0]!)).pending_days;
    });
    // What the refresh job does after a load: every marked day's sums rebuilt.
    const rebuildStarted = performance.now();
    await refreshOwnedReport(ws);
    const rebuildSeconds = (performance.now() - rebuildStarted) / 1000;
    // Then, as under traffic, every other run follows a new open of a send nobody opened yet on
    // one of the month's days (so its flags and its day's sums change), which that run rebuilds.
    let i = 0;
    let pending = 0;
    const ms = await timeRuns(runs, async () => {
      if (i % 2 === 0) {
        const { rowCount } = await pool.query(
          `INSERT INTO owned_opens (workspace_id, send_id, at, source)
           SELECT workspace_id, id, sent_at + interval '1 hour', 'pixel' FROM owned_sends
           WHERE workspace_id = $1 AND sent_day = $2::date AND channel = 'email' AND status = 'delivered' AND NOT is_test AND NOT opened AND NOT clicked LIMIT 1`,
          [ws, `2026-03-${String(1 + ((i * 7) % 30)).padStart(2, "0")}`],
        );
        if (rowCount !== 1) throw new Error("No unopened send left to open.");
      }
      const query = queries[i++ % queries.length]!;
      const [report] = await Promise.all([ownedReport(ws, query), query.campaignId ? ownedConverters(ws, query) : null]);
      pending += report.pending_days;
    });
    if (process.argv.includes("--explain")) {
      // Where a run's time goes: the statements of the month's report, as the database ran them.
      const { explainOwnedReport } = await import("../lib/owned/report/report");
      for (const line of await explainOwnedReport(ws, queries[0]!)) console.error(line);
    }

    // The answer is the plain count's.
    const report = await ownedReport(ws, queries[0]!);
    const reference = await pool.query<{ campaign_id: string; sends: number; delivered: number; opens: number; clicks: number; machine_opens: number; machine_clicks: number; unsubscribes: number; click_conversions: number }>(
      REFERENCE_SQL,
      [ws, FROM, TO],
    );
    const got = [...report.rows].sort((a, b) => a.campaign_id.localeCompare(b.campaign_id)).map((r) => ({
      campaign_id: r.campaign_id, sends: r.sends, delivered: r.delivered, opens: r.opens, clicks: r.clicks, machine_opens: r.machine_opens,
      machine_clicks: r.machine_clicks, unsubscribes: r.unsubscribes, click_conversions: r.conversions.click.count,
    }));
    const want = [...reference.rows].sort((a, b) => a.campaign_id.localeCompare(b.campaign_id));
    if (JSON.stringify(got) !== JSON.stringify(want)) {
      console.error("The report disagrees with the reference count:", JSON.stringify(got.slice(0, 2)), JSON.stringify(want.slice(0, 2)));
      process.exitCode = 1;
    }

    const size = async (table: string) => {
      const { rows } = await pool.query<{ n: string; bytes: string }>(`SELECT count(*) AS n, pg_total_relation_size('${table}') AS bytes FROM ${table}`);
      return `${rows[0]!.n} ${(Number(rows[0]!.bytes) / 1048576).toFixed(0)}MB`;
    };
    console.log(`sends ${sends}`);
    console.log(`load_s ${loadSeconds.toFixed(1)}`);
    for (const table of tables) console.log(`table_${table} ${await size(table)}`);
    console.log(`identical ${process.exitCode ? "no" : "yes"}`);
    console.log(`first_read_ms ${firstRead[0]!.toFixed(0)}`);
    console.log(`first_read_pending_days ${pendingAfterLoad}`);
    console.log(`rebuild_s ${rebuildSeconds.toFixed(1)}`);
    console.log(`runs ${runs}`);
    console.log(`runs_pending_days ${pending}`);
    console.log(`p50 ${percentile(ms, 50).toFixed(1)}`);
    console.log(`p95 ${percentile(ms, 95).toFixed(1)}`);
    console.log(`max ${ms[ms.length - 1]!.toFixed(1)}`);
    console.log(`load_avg ${loadAtStart.toFixed(2)} ${os.loadavg()[0]!.toFixed(2)}`);
  });
}

runBench(main);
