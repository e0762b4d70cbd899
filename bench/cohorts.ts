// The cohort report's speed on a large store, against the same numbers computed from the raw facts.
// On a throwaway database: a demo-like store with N customers (default 500,000) is loaded through
// the engine's upserts (bench/cohorts-load.ts), the rollups (cohort cells included) are rebuilt
// over the whole history, then timed, 50 runs each:
//   (a) a 24 x 24 monthly retention heatmap and (b) the LTV curves, both by runCohortReport
//       (lib/cohorts/report.ts, which reads cohort_cells);
//   (c) the same monthly cells by GROUP BY on orders, line items, refunds and customers
//       (bench/cohorts-raw.ts), checked equal to the rollup's before timing;
//   and once, the predicted-LTV fit (lib/ltv) on the same customers.
// Prints `name value` lines. Usage: npm run bench:cohorts -- [--customers 500000] [--runs 50] [--raw-runs 5]
import { numberOption, percentile, timeRuns } from "./stats";
import { runBench, withBenchDatabase } from "./support";

const END_DATE = new Date("2026-11-01T05:00:00Z");
const FIRST_COHORT = "2024-11-01";
const LAST_COHORT = "2026-10-01";

async function main() {
  const customers = numberOption("customers", 500_000);
  const runs = numberOption("runs", 50);
  const rawRuns = numberOption("raw-runs", 5);
  await withBenchDatabase({}, async () => {
    const { seedUser, seedWorkspace } = await import("../lib/seed/factories");
    const { loadDemoStore } = await import("./cohorts-load");
    const { rebuildRollups } = await import("../lib/metrics/rollups/rollup");
    const { runCohortReport } = await import("../lib/cohorts/report");
    const { getMetricSettings } = await import("../lib/metrics/settings/store");
    const { getPool } = await import("../lib/db/pool");
    const { rawMonthlyCells, rollupMonthlyCells, sameCells } = await import("./cohorts-raw");
    const query = <R,>(sql: string, params: unknown[]) => getPool().query(sql, params) as unknown as Promise<{ rows: R[] }>;

    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id, { timeZone: "America/New_York", currency: "USD" });
    const scope = { workspaceId: workspace.id, connectionId: "bench-store" };

    let started = performance.now();
    const loaded = await loadDemoStore(scope, { customers, seed: 42, endDate: END_DATE });
    const loadSeconds = (performance.now() - started) / 1000;
    // The upserts marked every day dirty; the whole-history rebuild below replaces that refresh.
    await getPool().query("DELETE FROM rollup_dirty_days WHERE workspace_id = $1", [workspace.id]);

    started = performance.now();
    await rebuildRollups(workspace.id, { fromDay: "2024-10-01", toDay: "2026-11-01" });
    const buildSeconds = (performance.now() - started) / 1000;
    await getPool().query("ANALYZE");
    const profiles = await getPool().query<{ n: number }>("SELECT count(*)::int AS n FROM customer_profiles WHERE workspace_id = $1", [workspace.id]);

    const settings = await getMetricSettings(workspace.id);
    const ctx = { workspaceId: workspace.id, timeZone: "America/New_York", currency: "USD", revenueBasis: settings.revenueBasis, excluded: settings.excludedLineItems };
    const raw = () => rawMonthlyCells(query, ctx, FIRST_COHORT, LAST_COHORT);
    const match = sameCells(await raw(), await rollupMonthlyCells(query, workspace.id, FIRST_COHORT, LAST_COHORT));

    const now = new Date("2026-11-01T17:00:00Z");
    const request = { period: "month" as const, date_from: FIRST_COHORT, date_to: "2026-10-31" };
    const heatmap = await runCohortReport(workspace.id, { ...request, metric: "retention" }, { now });
    const heatmapMs = await timeRuns(runs, () => runCohortReport(workspace.id, { ...request, metric: "retention" }, { now }));
    const curvesMs = await timeRuns(runs, () => runCohortReport(workspace.id, { ...request, metric: "ltv" }, { now }));
    const rawMs = await timeRuns(rawRuns, raw);
    const rollupMs = [...heatmapMs, ...curvesMs].sort((a, b) => a - b);

    const p95 = percentile(rollupMs, 95);
    const rawP95 = percentile(rawMs, 95);
    const fixed = (ms: number) => ms.toFixed(1);
    console.log(`customers ${loaded.customers}`);
    console.log(`profiles ${profiles.rows[0]!.n}`);
    console.log(`orders ${loaded.orders}`);
    console.log(`load_s ${loadSeconds.toFixed(1)}`);
    console.log(`build_s ${buildSeconds.toFixed(1)}`);
    console.log(`heatmap ${heatmap.rows.length} x ${heatmap.max_offset + 1}`);
    console.log(`raw_matches_rollup ${match}`);
    console.log(`heatmap_p50 ${fixed(percentile(heatmapMs, 50))}`);
    console.log(`heatmap_p95 ${fixed(percentile(heatmapMs, 95))}`);
    console.log(`curves_p50 ${fixed(percentile(curvesMs, 50))}`);
    console.log(`curves_p95 ${fixed(percentile(curvesMs, 95))}`);
    console.log(`p50 ${fixed(percentile(rollupMs, 50))}`);
    console.log(`p95 ${fixed(p95)}`);
    console.log(`raw_p50 ${fixed(percentile(rawMs, 50))}`);
    console.log(`raw_p95 ${fixed(rawP95)}`);
    console.log(`raw_runs ${rawMs.length}`);
    console.log(`speedup ${(rawP95 / p95).toFixed(1)}`);
    // The predicted-LTV fit on these customers' histories: summaries from customer_events, then
    // BG/NBD and Gamma-Gamma, timed apart (fit_s is the fit alone, as the issue states it).
    const { summarizeCustomers, UNIT_DAYS } = await import("../lib/ltv/summaries");
    const { fitLtvModel } = await import("../lib/ltv/model");
    started = performance.now();
    const summaries = await summarizeCustomers(workspace.id, "2026-10-31");
    const summarySeconds = (performance.now() - started) / 1000;
    started = performance.now();
    const fit = fitLtvModel(summaries.map((c) => c.summary), { unitDays: UNIT_DAYS });
    const fitSeconds = (performance.now() - started) / 1000;
    console.log(`fit_customers ${summaries.length}`);
    console.log(`fit_status ${"reason" in fit ? fit.reason : "fitted"}`);
    console.log(`summaries_s ${summarySeconds.toFixed(1)}`);
    console.log(`fit_s ${fitSeconds.toFixed(1)}`);
  });
}

runBench(main);
