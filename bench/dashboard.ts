// Times the Overview dashboard's data (every widget, as its first paint loads them) on the demo
// store, for the last 30 days and the last 2 years, three ways in the same run:
//   before    every day from the daily rollups, no result cache (how reports were read before
//             the week and month rollups and the result cache);
//   uncached  as the app reads now (whole months and weeks from the period rollups), cache emptied
//             before every run;
//   app       as the app serves a dashboard opened again: the result cache is kept between runs
//             (the first run fills it), as it is until the next rollup refresh.
// Optionally (--raw-runs N) the same reports computed by GROUP BY over the raw facts too (rollups
// rebuilt from the facts into temporary tables inside a transaction that is rolled back).
// Every path must give the same figures. Lines of their own, for scripts:
//   p95_30d X / p95_2y X   p95 in ms of the app path; p95_30d_uncached, p95_2y_uncached,
//                          p95_30d_before, p95_2y_before likewise;
//   speedup X              before / app p95, the smaller of the two ranges'.
//
// Usage: npm run bench:dashboard [-- --orders 1000000] [--runs 50] [--raw-runs 0] [--fresh] [--rebuild]
// The loaded database is kept in .data/bench-dashboard and reused by later runs (--fresh reloads;
// --rebuild recomputes its rollups, after a change to how they are built).
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { numberOption, percentile } from "./stats";
import { runBench, withKeptBenchDatabase } from "./support";

const args = process.argv.slice(2);
const ORDERS = numberOption("orders", 1_000_000);
const RUNS = numberOption("runs", 50);
const RAW_RUNS = numberOption("raw-runs", 0);
const DATA_DIR = path.resolve(".data/bench-dashboard");
const NAME = `Bench ${ORDERS}`;

const ms = (n: number) => `${n.toFixed(1)} ms`;

async function timeRuns(runs: number, work: () => Promise<unknown>): Promise<{ p50: number; p95: number; last: unknown }> {
  const times: number[] = [];
  let last: unknown;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    last = await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), last };
}

async function main() {
  await withKeptBenchDatabase(DATA_DIR, async () => {
    const { db } = await import("../lib/db/client");
    const { getPool } = await import("../lib/db/pool");
    const { loadBenchWorkspace } = await import("./dashboard-data");
    const workspace = await loadBenchWorkspace(NAME, ORDERS);
    if (args.includes("--rebuild")) {
      const { rebuildRollups } = await import("../lib/metrics/rollups/rollup");
      const started = performance.now();
      await rebuildRollups(workspace.id, { fromDay: "2000-01-01", toDay: "2100-01-01" });
      console.log(`Rollups rebuilt from the facts in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    }

    // A database loaded before the week and month rollups existed gets them now (once).
    const { ensurePeriodRollups } = await import("../lib/metrics/rollups/periods");
    await ensurePeriodRollups(workspace.id);

    const { listDashboards, getDashboard } = await import("../lib/dashboards/service");
    const { firstPaintReports } = await import("../app/w/[slug]/dashboards/first-paint");
    const { reportKey, widgetReportRequest } = await import("../lib/dashboards/report-request");
    const { runReport } = await import("../lib/metrics/report/run");
    const { rebuildRollupsWith } = await import("../lib/metrics/rollups/rollup");
    const { comparisonRange } = await import("../lib/metrics/report/periods");
    const { addDays, localDate } = await import("../lib/time/zone");

    const summary = (await listDashboards(workspace.id)).find((d) => d.name === "Overview");
    if (!summary) throw new Error("The workspace has no Overview dashboard.");
    const { widgets } = await getDashboard(workspace.id, summary.id);
    const live = widgets.filter((w) => w.problem === null);
    const orders = await db.order.count({ where: { workspaceId: workspace.id } });
    console.log(`Overview dashboard: ${live.length} widgets; ${orders.toLocaleString("en")} orders in the store; ${RUNS} runs of each path, ${RAW_RUNS} from raw facts\n`);

    const today = localDate(new Date(), workspace.timeZone);
    // As the dashboard's presets read them: whole days, ending yesterday.
    const ranges = [
      { name: "last 30 days", from: addDays(today, -30), to: addDays(today, -1) },
      { name: "last 2 years", from: addDays(today, -730), to: addDays(today, -1) },
    ];
    const pool = getPool();
    const { clearReportCache } = await import("../lib/metrics/report/result-cache");
    const figures = (reports: unknown) =>
      Object.fromEntries(Object.entries(reports as Record<string, { totals: unknown; rows: unknown; compare_totals: unknown }>).map(([k, r]) => [k, [r.totals, r.rows, r.compare_totals]]));
    const lines: string[] = [];
    const speedups: number[] = [];
    for (const [label, range] of [["30d", ranges[0]!], ["2y", ranges[1]!]] as const) {
      const dayRange = { from: range.from, to: range.to };
      const load = (options: { dailyOnly?: boolean }) => firstPaintReports(workspace.id, live, dayRange as never, "previous_period", "custom", options);
      const before = await timeRuns(RUNS, () => load({ dailyOnly: true }));
      const uncached = await timeRuns(RUNS, () => {
        clearReportCache();
        return load({});
      });
      clearReportCache();
      const app = await timeRuns(RUNS, () => load({}));

      // The same widget reports with every rollup recomputed from the facts first, in temporary
      // tables that shadow the real ones for this transaction only.
      const compare = comparisonRange("previous_period", range.from, range.to)!;
      const raw = RAW_RUNS === 0 ? null : await timeRuns(RAW_RUNS, async () => {
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          for (const table of ["sales_daily", "customer_daily", "customer_day_totals", "ad_daily", "sessions_daily", "sales_periods", "ad_periods", "sessions_periods", "rollup_revisions"]) {
            await client.query(`CREATE TEMP TABLE ${table} (LIKE public.${table} INCLUDING ALL) ON COMMIT DROP`);
          }
          await rebuildRollupsWith(client, workspace.id, { fromDay: compare.date_from, toDay: range.to });
          const reports: Record<string, unknown> = {};
          for (const widget of live) {
            const request = widgetReportRequest(widget, dayRange as never, "previous_period");
            reports[reportKey(request)] ??= await runReport(workspace.id, request, { queryable: client, dailyOnly: true });
          }
          return reports;
        } finally {
          await client.query("ROLLBACK");
          client.release();
        }
      });

      // Every path must give the same figures (freshness aside: it is read at different moments).
      const same = [uncached, app, ...(raw ? [raw] : [])].every((r) => isDeepStrictEqual(figures(before.last), figures(r.last)));
      console.log(`${range.name} (${range.from}..${range.to}):`);
      console.log(`  before (daily rollups, no result cache)  p50 ${ms(before.p50)}   p95 ${ms(before.p95)}`);
      console.log(`  period rollups, cache emptied each run  p50 ${ms(uncached.p50)}   p95 ${ms(uncached.p95)}`);
      console.log(`  as the app serves it (result cache)      p50 ${ms(app.p50)}   p95 ${ms(app.p95)}`);
      if (raw) console.log(`  GROUP BY on raw facts                    p50 ${ms(raw.p50)}   p95 ${ms(raw.p95)}`);
      console.log(`  same numbers on every path: ${same ? "yes" : "NO"}\n`);
      if (!same) process.exitCode = 1;
      speedups.push(before.p95 / app.p95);
      lines.push(`p95_${label} ${app.p95.toFixed(1)}`, `p95_${label}_uncached ${uncached.p95.toFixed(1)}`, `p95_${label}_before ${before.p95.toFixed(1)}`);
    }
    lines.push(`speedup ${Math.min(...speedups).toFixed(1)}`);
    console.log(lines.join("\n"));
  });
}

runBench(main);
