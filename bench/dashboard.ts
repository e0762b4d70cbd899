// Times the Overview dashboard's data (every widget, as its first paint loads them) on the demo
// store, for the last 30 days and the last 2 years: from the rollups, as the app does, and the
// same reports computed by GROUP BY over the raw facts in the same run (rollups rebuilt from the
// facts into temporary tables inside a transaction that is rolled back).
//
// Usage: npm run bench:dashboard [-- --orders 1000000] [--runs 50] [--raw-runs 5] [--fresh] [--rebuild]
// The loaded database is kept in .data/bench-dashboard and reused by later runs (--fresh reloads;
// --rebuild recomputes its rollups, after a change to how they are built).
import fs from "node:fs";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { runBench, withBenchDatabase } from "./support";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ORDERS = option("orders", 1_000_000);
const RUNS = option("runs", 50);
const RAW_RUNS = option("raw-runs", 5);
const DATA_DIR = path.resolve(".data/bench-dashboard");
const NAME = `Bench ${ORDERS}`;

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
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
  if (args.includes("--fresh")) fs.rmSync(DATA_DIR, { recursive: true, force: true });
  fs.mkdirSync(DATA_DIR, { recursive: true });
  await withBenchDatabase({ dataDir: DATA_DIR }, async () => {
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
    console.log(`Overview dashboard: ${live.length} widgets; ${orders.toLocaleString("en")} orders in the store; ${RUNS} runs from rollups, ${RAW_RUNS} from raw facts\n`);

    const today = localDate(new Date(), workspace.timeZone);
    // As the dashboard's presets read them: whole days, ending yesterday.
    const ranges = [
      { name: "last 30 days", from: addDays(today, -30), to: addDays(today, -1) },
      { name: "last 2 years", from: addDays(today, -730), to: addDays(today, -1) },
    ];
    const pool = getPool();
    for (const range of ranges) {
      const dayRange = { from: range.from, to: range.to };
      const rollup = await timeRuns(RUNS, () => firstPaintReports(workspace.id, live, dayRange as never, "previous_period", "custom"));

      // The same widget reports with every rollup recomputed from the facts first, in temporary
      // tables that shadow the real ones for this transaction only.
      const compare = comparisonRange("previous_period", range.from, range.to)!;
      const raw = RAW_RUNS === 0 ? null : await timeRuns(RAW_RUNS, async () => {
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          for (const table of ["sales_daily", "customer_daily", "ad_daily", "sessions_daily"]) {
            await client.query(`CREATE TEMP TABLE ${table} (LIKE public.${table} INCLUDING ALL) ON COMMIT DROP`);
          }
          await rebuildRollupsWith(client, workspace.id, { fromDay: compare.date_from, toDay: range.to });
          const reports: Record<string, unknown> = {};
          for (const widget of live) {
            const request = widgetReportRequest(widget, dayRange as never, "previous_period");
            reports[reportKey(request)] ??= await runReport(workspace.id, request, { queryable: client });
          }
          return reports;
        } finally {
          await client.query("ROLLBACK");
          client.release();
        }
      });

      // Both paths must give the same figures (freshness aside: it is read at different moments).
      const figures = (reports: unknown) =>
        Object.fromEntries(Object.entries(reports as Record<string, { totals: unknown; rows: unknown; compare_totals: unknown }>).map(([k, r]) => [k, [r.totals, r.rows, r.compare_totals]]));
      console.log(`${range.name} (${range.from}..${range.to}):`);
      console.log(`  from rollups      p50 ${ms(rollup.p50)}   p95 ${ms(rollup.p95)}`);
      if (raw) {
        const same = isDeepStrictEqual(figures(rollup.last), figures(raw.last));
        console.log(`  GROUP BY on raw   p50 ${ms(raw.p50)}   p95 ${ms(raw.p95)}`);
        console.log(`  speed-up at p50   ${(raw.p50 / rollup.p50).toFixed(0)}x; same numbers: ${same ? "yes" : "NO"}`);
      }
      console.log("");
    }
  });
}

runBench(main);
