// Computes and renders the daily digest of 1,000 workspaces from their rollups, as the scheduler
// does at 09:00: each workspace's figures through the report engine (KPIs with the day before and
// the same weekday last week, top campaigns, product groups, cohorts), its freshness check, the
// message document, and that document formatted for email, Slack, WeCom, Teams and a webhook;
// the email's message carries the trend chart, read and rendered to PNG as a run does.
// Lines of their own, for scripts:
//   total_s X        seconds for all workspaces (wall clock, CONCURRENCY at a time)
//   p95_ms X         p95 of one workspace's digest, in ms
//   chart_p95_ms X   p95 of its chart alone (the trend's report and the PNG), in ms
//
// Usage: npm run bench:digests [-- --workspaces 1000] [--days 60] [--concurrency 4]
import { numberOption, percentile } from "./stats";
import { runBench, withBenchDatabase } from "./support";

const WORKSPACES = numberOption("workspaces", 1000);
const DAYS = numberOption("days", 60);
const CONCURRENCY = numberOption("concurrency", 4);
const TIME_ZONES = ["UTC", "America/New_York", "Europe/Berlin", "Asia/Shanghai"];
const NOW = new Date("2026-12-05T14:00:00Z");

async function main() {
  await withBenchDatabase({}, async () => {
    const { getPool } = await import("../lib/db/pool");
    const pool = getPool();
    const loadStarted = performance.now();
    // Rollups as syncs leave them: per day, 3 channels of sales and sessions, 2 product groups,
    // 6 campaigns, and first/returning customers; one synced store per workspace.
    await pool.query(
      `INSERT INTO workspaces (id, slug, name, time_zone, currency, updated_at)
       SELECT 'bench' || i, 'bench-' || i, 'Bench shop ' || i, ($2::text[])[1 + i % 4], 'USD', now() FROM generate_series(1, $1) i`,
      [WORKSPACES, TIME_ZONES],
    );
    await pool.query(
      `INSERT INTO connections (workspace_id, id, provider, external_account_id, display_name, credentials, last_success_at, updated_at)
       SELECT 'bench' || i, 'store' || i, 'shopify', 'bench-' || i || '.myshopify.com', 'Bench shop ' || i, '-', $2::timestamptz, now() FROM generate_series(1, $1) i`,
      [WORKSPACES, NOW],
    );
    const days = `(SELECT g::date AS d FROM generate_series(date '2026-12-04' - $2::int + 1, date '2026-12-04', interval '1 day') g) AS days`;
    await pool.query(
      `INSERT INTO sales_daily (workspace_id, day, channel, product_group, currency, gross_sales, discounts, returns, shipping, taxes, cogs, orders, units)
       SELECT 'bench' || i, d, c, g, 'USD', 1000 + (i * 7 + extract(doy FROM d)::int * 13) % 900, 50, 20, 30, 80, 400, 10 + (i + extract(doy FROM d)::int) % 40, 30
       FROM generate_series(1, $1) i, ${days}, unnest(ARRAY['google', 'facebook', 'direct']) c, unnest(ARRAY['all', 'apparel', 'shoes']) g`,
      [WORKSPACES, DAYS],
    );
    await pool.query(
      `INSERT INTO ad_daily (workspace_id, day, platform, channel, campaign_id, currency, spend, revenue, impressions, clicks, conversions)
       SELECT 'bench' || i, d, 'google_ads', 'google', 'c' || k, 'USD', 100 + k * 10, 250 + (i + k) % 200, 10000, 200, 4.5
       FROM generate_series(1, $1) i, ${days}, generate_series(1, 6) k`,
      [WORKSPACES, DAYS],
    );
    await pool.query(
      `INSERT INTO sessions_daily (workspace_id, day, channel, sessions, users)
       SELECT 'bench' || i, d, c, 500 + i % 300, 400 + i % 200 FROM generate_series(1, $1) i, ${days}, unnest(ARRAY['google', 'facebook', 'direct']) c`,
      [WORKSPACES, DAYS],
    );
    await pool.query(
      `INSERT INTO customer_day_totals (workspace_id, day, channel, new_customers, returning_customers)
       SELECT 'bench' || i, d, 'google', 8, 5 FROM generate_series(1, $1) i, ${days}`,
      [WORKSPACES, DAYS],
    );
    await pool.query("ANALYZE");
    console.log(`Loaded ${WORKSPACES} workspaces x ${DAYS} days of rollups in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);

    const { composeFigures } = await import("../lib/digests/compose");
    const { staleSources } = await import("../lib/digests/freshness");
    const { messagesFor } = await import("../lib/digests/run");
    const { digestChart } = await import("../lib/digests/chart");
    const { rangeFor } = await import("../lib/digests/schedule");
    const { DEFAULT_SECTIONS } = await import("../lib/digests/sections");
    const { FORMATTERS } = await import("../lib/notifications/formats");
    const { ZNotificationMessage } = await import("../lib/notifications/message");
    const { describeSchedule } = await import("../lib/digests/schedule");
    type Digest = import("../lib/digests/service").Digest;

    const targets: { kind: "email" | "slack" | "wecom" | "teams" | "webhook"; config: { url?: string; secret?: string; addresses?: string[] } }[] = [
      { kind: "email", config: { addresses: ["team@example.com"] } },
      { kind: "slack", config: { url: "https://hooks.slack.com/services/T0/B0/x" } },
      { kind: "wecom", config: { url: "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x" } },
      { kind: "teams", config: { url: "https://example.com/workflows/x" } },
      { kind: "webhook", config: { url: "https://example.com/hook", secret: `whsec_${Buffer.alloc(24, 7).toString("base64")}` } },
    ];

    const times: number[] = [];
    const chartTimes: number[] = [];
    let bytes = 0;
    let chartBytes = 0;
    const digestOf = (i: number): Digest => {
      const timeZone = TIME_ZONES[i % 4]!;
      const schedule = { kind: "daily" as const, time: "09:00" };
      return {
        id: `digest${i}`, workspaceId: `bench${i}`, name: "Daily KPIs", personal: false, ownerUserId: null, schedule, scheduleText: describeSchedule(schedule, timeZone),
        timeZone, ownTimeZone: null, basis: "yesterday", sections: DEFAULT_SECTIONS, destinationIds: [], template: { default: {}, destinations: {} }, enabled: true,
        nextRunAt: NOW, lastRunAt: null, lastOutcome: null, createdAt: NOW, updatedAt: NOW,
      };
    };
    const one = async (i: number) => {
      const started = performance.now();
      const digest = digestOf(i);
      const range = rangeFor(digest.basis, NOW, digest.timeZone);
      const timedChart = async () => {
        const chartStarted = performance.now();
        const chart = await digestChart(digest.workspaceId, range, digest.sections, { now: NOW });
        chartTimes.push(performance.now() - chartStarted);
        return chart;
      };
      // Read alongside the figures, as a run does.
      const [figures, stale, chart] = await Promise.all([
        composeFigures(digest.workspaceId, range, digest.sections, [], { now: NOW }),
        staleSources(digest.workspaceId, range.date_to, digest.timeZone),
        timedChart(),
      ]);
      if (!chart) throw new Error(`Workspace ${i}: no chart`);
      chartBytes += chart.url.length;
      const workspace = { name: `Bench shop ${i}`, slug: `bench-${i}` };
      // As a run does: the chart goes only to email; chats and webhooks get the message without it.
      const [plain] = messagesFor(digest, figures, stale, workspace);
      const [withChart] = messagesFor(digest, figures, stale, workspace, { chart, destinationIds: new Set([""]) });
      const valid = ZNotificationMessage.parse(plain!.message);
      const validWithChart = ZNotificationMessage.parse(withChart!.message);
      for (const target of targets) {
        const message = target.kind === "email" ? validWithChart : valid;
        const out = FORMATTERS[target.kind].format(message, target.config, { deliveryId: `d${i}`, messageKind: "digest", refId: digest.id, now: NOW });
        bytes += out.channel === "http" ? out.body.length : out.emails.reduce((n, e) => n + e.html.length, 0);
      }
      if (figures.kpis.length !== 4 || !figures.campaigns?.length) throw new Error(`Workspace ${i}: incomplete digest`);
      times.push(performance.now() - started);
    };

    const started = performance.now();
    let next = 1;
    await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
      while (next <= WORKSPACES) await one(next++);
    }));
    const total = (performance.now() - started) / 1000;
    times.sort((a, b) => a - b);
    chartTimes.sort((a, b) => a - b);
    console.log(`${WORKSPACES} digests (5 formats each, ${(bytes / 1e6).toFixed(1)} MB of bodies), ${CONCURRENCY} at a time; p50 ${percentile(times, 50).toFixed(1)} ms`);
    console.log(`charts: ${(chartBytes / WORKSPACES / 1024).toFixed(1)} KB of data URL each; p50 ${percentile(chartTimes, 50).toFixed(1)} ms`);
    console.log(`total_s ${total.toFixed(1)}`);
    console.log(`p95_ms ${percentile(times, 95).toFixed(1)}`);
    console.log(`chart_p95_ms ${percentile(chartTimes, 95).toFixed(1)}`);
  });
}

runBench(main);
