// Times the store breakdowns on the demo store, from the rollups through the report engine (the
// result cache emptied before every run, so each run computes its report), against GROUP BY over
// the raw orders, line items and refunds in the same run:
//   top_products     the top 50 products by net sales over the last 90 days (group_by=product);
//   product_country  net sales by product and country over the last 30 days (group_by=product,country).
// Both paths must give the same numbers; the run fails if they do not. Lines of their own:
//   p95 X       the slower p95 of the two reports, in ms;
//   speedup X   raw p95 / report p95, the smaller of the two;
//   load_avg X  the 1-minute load average when the runs ended (the machine may be shared).
//
// Usage: npm run bench:breakdowns [-- --orders 1000000] [--runs 50] [--raw-runs 5] [--fresh] [--rebuild]
// BENCH_BREAKDOWNS_ORDERS sets the store's size too (a smaller store loads in a fraction of the
// time, for iterating). The loaded database is kept in .data/bench-breakdowns and reused
// (BENCH_BREAKDOWNS_DATA names another directory, to keep stores of two sizes side by side).
import os from "node:os";
import path from "node:path";
import { numberOption, percentile, timeRuns } from "./stats";
import { runBench, withKeptBenchDatabase } from "./support";

const args = process.argv.slice(2);
const ORDERS = numberOption("orders", Number(process.env.BENCH_BREAKDOWNS_ORDERS ?? 1_000_000));
const RUNS = numberOption("runs", 50);
// The raw GROUP BY takes seconds a run: fewer runs give its p95 well enough.
const RAW_RUNS = numberOption("raw-runs", 5);
const TOP = 50;
const DATA_DIR = path.resolve(process.env.BENCH_BREAKDOWNS_DATA ?? ".data/bench-breakdowns");

type Cells = Map<string, string>;

/** Money as the report hands it out: 2 places. */
const money = (text: string) => Number(text).toFixed(2);

function differences(label: string, report: Cells, raw: Cells): string[] {
  const problems: string[] = [];
  if (report.size !== raw.size) problems.push(`${label}: ${report.size} rows from the rollups, ${raw.size} from the raw facts`);
  for (const [key, value] of raw) {
    if (report.get(key) !== value) problems.push(`${label} ${key}: rollups ${report.get(key) ?? "none"}, raw ${value}`);
  }
  return problems.slice(0, 5);
}

async function main() {
  await withKeptBenchDatabase(DATA_DIR, async () => {
    const { db } = await import("../lib/db/client");
    const { getPool } = await import("../lib/db/pool");
    const { loadBenchWorkspace } = await import("./dashboard-data");
    const { chunkDays, rebuildRollups } = await import("../lib/metrics/rollups/rollup");
    const { ensurePeriodRollups } = await import("../lib/metrics/rollups/periods");
    const { runReport } = await import("../lib/metrics/report/run");
    const { clearReportCache } = await import("../lib/metrics/report/result-cache");
    const { getMetricSettings } = await import("../lib/metrics/settings/store");
    const { factParams } = await import("../lib/metrics/rollups/facts-sql");
    const { addDays, localDate } = await import("../lib/time/zone");
    const { RAW_PRODUCT_COUNTRY_SQL, RAW_TOP_PRODUCTS_SQL } = await import("./breakdowns-raw");

    const workspace = await loadBenchWorkspace(`Bench ${ORDERS}`, ORDERS);
    const pool = getPool();
    // A store loaded before the breakdown rollups existed (or --rebuild) gets them from its facts.
    const held = await pool.query("SELECT 1 FROM product_sales_daily WHERE workspace_id = $1 LIMIT 1", [workspace.id]);
    if (args.includes("--rebuild") || held.rowCount === 0) {
      const started = performance.now();
      const { rows: [span] } = await pool.query<{ from_day: string; to_day: string }>(
        `SELECT (min(created_at) - interval '1 day')::date::text AS from_day, (max(created_at) + interval '1 day')::date::text AS to_day FROM orders WHERE workspace_id = $1`,
        [workspace.id],
      );
      // In quarters, as the app's rebuild job works in chunks; only the sales family holds the breakdowns.
      for (const chunk of chunkDays(span!.from_day, span!.to_day, 92)) {
        await rebuildRollups(workspace.id, chunk, { families: ["sales"], customers: false });
        process.stdout.write(".");
      }
      await pool.query("ANALYZE");
      console.log(`\nRollups rebuilt from the facts in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    }
    await ensurePeriodRollups(workspace.id);

    const settings = await getMetricSettings(workspace.id);
    const { currency } = await db.workspace.findUniqueOrThrow({ where: { id: workspace.id }, select: { currency: true } });
    const foreign = await pool.query("SELECT 1 FROM orders WHERE workspace_id = $1 AND currency <> $2 LIMIT 1", [workspace.id, currency]);
    if (foreign.rowCount || settings.revenueBasis !== "transaction_date") {
      throw new Error("The raw GROUP BY assumes one currency (the workspace's) and returns on the refund's day.");
    }
    const orders = await db.order.count({ where: { workspaceId: workspace.id } });
    const today = localDate(new Date(), workspace.timeZone);
    const lastDays = (n: number) => ({ date_from: addDays(today, -n), date_to: addDays(today, -1) });
    console.log(`${orders.toLocaleString("en")} orders in the store; ${RUNS} runs from the rollups, ${RAW_RUNS} from the raw facts\n`);

    const questions = [
      {
        name: "top_products",
        title: `top ${TOP} products by net sales, last 90 days`,
        range: lastDays(90),
        report: async (range: { date_from: string; date_to: string }): Promise<Cells> => {
          const report = await runReport(workspace.id, { ...range, metrics: ["net_sales"], group_by: "product" });
          return new Map(report.rows.slice(0, TOP).map((r) => [r.key, String(r.values.net_sales)]));
        },
        raw: async (range: { date_from: string; date_to: string }): Promise<Cells> => {
          const params = [...factParams(workspace.id, workspace.timeZone, range.date_from, range.date_to, settings.excludedLineItems), TOP];
          const { rows } = await pool.query<{ product: string; net_sales: string }>(RAW_TOP_PRODUCTS_SQL, params);
          return new Map(rows.map((r) => [r.product, money(r.net_sales)]));
        },
      },
      {
        name: "product_country",
        title: "net sales by product x country, last 30 days",
        range: lastDays(30),
        report: async (range: { date_from: string; date_to: string }): Promise<Cells> => {
          const report = await runReport(workspace.id, { ...range, metrics: ["net_sales"], group_by: "product,country" });
          return new Map(report.rows.map((r) => [r.key, String(r.values.net_sales)]));
        },
        raw: async (range: { date_from: string; date_to: string }): Promise<Cells> => {
          const params = factParams(workspace.id, workspace.timeZone, range.date_from, range.date_to, settings.excludedLineItems);
          const { rows } = await pool.query<{ product: string; country: string; net_sales: string }>(RAW_PRODUCT_COUNTRY_SQL, params);
          return new Map(rows.map((r) => [`${r.product}|${r.country}`, money(r.net_sales)]));
        },
      },
    ];

    const p95s: number[] = [];
    const speedups: number[] = [];
    const problems: string[] = [];
    for (const q of questions) {
      const fromRollups = await q.report(q.range);
      const fromRaw = await q.raw(q.range);
      problems.push(...differences(q.name, fromRollups, fromRaw));
      const reportMs = await timeRuns(RUNS, () => {
        clearReportCache();
        return q.report(q.range);
      });
      const rawMs = await timeRuns(RAW_RUNS, () => q.raw(q.range));
      const [p50, p95, rawP95] = [percentile(reportMs, 50), percentile(reportMs, 95), percentile(rawMs, 95)];
      const countries = new Set([...fromRollups.keys()].map((key) => key.split("|")[1] ?? "")).size;
      console.log(`${q.title} (${q.range.date_from}..${q.range.date_to}): ${fromRollups.size} rows${q.name === "product_country" ? `, ${countries} countries` : ""}`);
      console.log(`  rollups + report engine  p50 ${p50.toFixed(1)} ms   p95 ${p95.toFixed(1)} ms`);
      console.log(`  GROUP BY on raw facts    p50 ${percentile(rawMs, 50).toFixed(1)} ms   p95 ${rawP95.toFixed(1)} ms`);
      console.log(`  speedup ${(rawP95 / p95).toFixed(1)}x\n`);
      p95s.push(p95);
      speedups.push(rawP95 / p95);
    }
    console.log(`same numbers from the rollups and the raw facts: ${problems.length ? "NO" : "yes"}`);
    for (const problem of problems) console.log(`  ${problem}`);
    if (problems.length) process.exitCode = 1;
    console.log(`p95 ${Math.max(...p95s).toFixed(1)}`);
    console.log(`speedup ${Math.min(...speedups).toFixed(1)}`);
    console.log(`load_avg ${os.loadavg()[0]!.toFixed(2)}`);
  });
}

runBench(main);
