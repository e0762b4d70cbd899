// Attribution and funnels on a large store. On a throwaway database, one workspace (UTC, USD)
// gets 90 days of a demo store (bench/attribution-data.ts): 1,000,000 tracked sessions with
// their events, and 100,000 orders matched by checkout, customer id or email. Touchpoints are
// built from the sessions by the product's own rewrite, then, timed, through the product's code:
//   recompute_rules_s   every order attributed under the six rule-based models (no fit stored yet);
//   fit_s               the data-driven models (Markov and Shapley) fitted on the 90 days;
//   recompute_all_s     every order attributed again, now under all eight models;
//   recompute_markov_s  fit_s + recompute_all_s: the whole data-driven recompute;
//   *_cpu_s             beside each recompute, the CPU this process spent in it (user + system):
//                       the application's share, steadier than the wall clock on a loaded machine;
//   p95                 the attribution report over the last 30 days, 50 runs each grouped by
//                       channel and by campaign, the slower of the two p95s (ms);
//   funnel_times_s      the funnel's event times written from the loaded events (s; untimed in funnel_p95);
//   funnel_progress_s   the default funnel's progress rows written from the event times (s; untimed);
//   funnel_p95          the default 5-step funnel over the same 30 days, 50 runs (ms).
// Prints `name value` lines. Usage:
//   npm run bench:attribution -- [--scale 1] [--sessions 1000000] [--orders 100000] [--runs 50]
//   npm run bench:attribution -- --keep [--fresh] [--only funnel,markov]
// --scale (or ATTRIBUTION_BENCH_SCALE) multiplies the default sessions and orders: 0.1 builds a
// tenth of the store in a tenth of the time, for trying changes before measuring at full size.
// --keep keeps the database in .data/bench-attribution-<sessions>-<orders> (ATTRIBUTION_BENCH_DATA
// names another directory) and reuses its loaded store, touchpoints and funnel times on later runs,
// so a change is timed again in minutes rather than the full build's half hour; --fresh builds it
// again. --only limits the timed parts to some of rules, markov, report, funnel.
import { loadavg } from "node:os";
import path from "node:path";
import { numberOption, percentile, timeRuns } from "./stats";
import { runBench, withBenchDatabase, withKeptBenchDatabase } from "./support";
import { loadStore } from "./attribution-data";

const FIRST_DAY = "2026-09-01";
const DAYS = 90;
const REPORT_FROM = "2026-10-31";
const REPORT_TO = "2026-11-29";
const AFTER_LAST_DAY = new Date("2026-11-30T00:00:00Z");

const seconds = (started: number) => ((performance.now() - started) / 1000).toFixed(1);
const cpuSeconds = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return ((used.user + used.system) / 1e6).toFixed(1);
};

async function main() {
  const scale = numberOption("scale", Number(process.env.ATTRIBUTION_BENCH_SCALE ?? 1));
  const sessions = numberOption("sessions", Math.round(1_000_000 * scale));
  const orders = numberOption("orders", Math.round(100_000 * scale));
  const runs = numberOption("runs", 50);
  const args = process.argv.slice(2);
  const onlyAt = args.indexOf("--only");
  const parts = new Set(onlyAt >= 0 ? args[onlyAt + 1]!.split(",") : ["rules", "markov", "report", "funnel"]);
  const keep = args.includes("--keep");
  const dataDir = path.resolve(process.env.ATTRIBUTION_BENCH_DATA ?? `.data/bench-attribution-${sessions}-${orders}`);
  const withDatabase = (work: () => Promise<void>) => (keep ? withKeptBenchDatabase(dataDir, work) : withBenchDatabase({}, work));
  await withDatabase(async () => {
    const { seedUser, seedWorkspace } = await import("../lib/seed/factories");
    const { db } = await import("../lib/db/client");
    const { getPool, inTransaction } = await import("../lib/db/pool");
    const { ensureMonthPartitions } = await import("../lib/tracking/partitions");
    const { refreshSessionTouchpoints } = await import("../lib/attribution/touchpoints");
    const { attributeOrdersSince } = await import("../lib/attribution/recompute");
    const { fitWorkspaceModels } = await import("../lib/attribution/fits");
    const { parseAttributionQuery, runAttributionReport } = await import("../lib/attribution/report");
    const { runFunnelReport } = await import("../lib/funnels/report");
    const { DEFAULT_DEFINITION } = await import("../lib/funnels/definition");

    // A kept store is recognised by its workspace's name, given only once the store is complete.
    const storeName = `Bench attribution ${sessions} ${orders}`;
    const kept = await db.workspace.findFirst({ where: { name: storeName }, select: { id: true } });
    let started = performance.now();
    const since = new Date(`${FIRST_DAY}T00:00:00Z`);
    let workspace: { id: string };
    if (kept) {
      workspace = kept;
      console.log(`store kept ${dataDir}`);
    } else {
      const owner = await seedUser();
      workspace = await seedWorkspace(owner.id, { timeZone: "UTC", currency: "USD" });
      const connection = await db.connection.create({
        data: { workspaceId: workspace.id, provider: "shopify", externalAccountId: "bench.myshopify.com", displayName: "Store", credentials: "-" },
      });
      await ensureMonthPartitions(["2026-09", "2026-10", "2026-11", "2026-12"]);

      const { events } = await loadStore({ workspaceId: workspace.id, connectionId: connection.id, sessions, orders, firstDay: FIRST_DAY, days: DAYS });
      console.log(`sessions ${sessions}`);
      console.log(`events ${events}`);
      console.log(`orders ${orders}`);
      console.log(`load_s ${seconds(started)}`);

      started = performance.now();
      const touchpoints = await inTransaction((client) => refreshSessionTouchpoints(client, workspace.id, { since }));
      await getPool().query("VACUUM ANALYZE attribution_touchpoints");
      console.log(`touchpoints ${touchpoints}`);
      console.log(`touchpoints_s ${seconds(started)}`);
    }

    if (parts.has("rules") || !kept) {
      started = performance.now();
      const cpu = process.cpuUsage();
      // Without a fit the recompute runs the six rule-based models only.
      await getPool().query("DELETE FROM attribution_fits WHERE workspace_id = $1", [workspace.id]);
      const rules = await attributeOrdersSince(workspace.id, since);
      console.log(`recompute_rules_s ${seconds(started)}`);
      console.log(`recompute_rules_cpu_s ${cpuSeconds(cpu)}`);
      console.log(`matched ${rules.matched}`);
    }
    if (!kept) await db.workspace.update({ where: { id: workspace.id }, data: { name: storeName } });

    if (parts.has("markov")) {
    started = performance.now();
    const fitCpu = process.cpuUsage();
    const fitted = await fitWorkspaceModels(workspace.id, AFTER_LAST_DAY);
    const fitSeconds = (performance.now() - started) / 1000;
    console.log(`fit_s ${fitSeconds.toFixed(1)}`);
    console.log(`fit_journeys ${fitted.paths}`);
    started = performance.now();
    const allCpu = process.cpuUsage();
    await attributeOrdersSince(workspace.id, since);
    console.log(`recompute_all_s ${seconds(started)}`);
    console.log(`recompute_all_cpu_s ${cpuSeconds(allCpu)}`);
    console.log(`recompute_markov_cpu_s ${cpuSeconds(fitCpu)}`);
    console.log(`recompute_markov_s ${(fitSeconds + (performance.now() - started) / 1000).toFixed(1)}`);
    await getPool().query("VACUUM ANALYZE attribution_daily");
    const { rows: [credits] } = await getPool().query<{ n: string }>("SELECT count(*)::text AS n FROM attribution_order_credits");
    console.log(`credit_rows ${credits!.n}`);
    const { rows: [daily] } = await getPool().query<{ n: string }>("SELECT count(*)::text AS n FROM attribution_daily");
    console.log(`daily_rows ${daily!.n}`);
    }

    if (parts.has("report")) {
    const p95s: number[] = [];
    for (const groupBy of ["channel", "campaign"]) {
      const query = parseAttributionQuery(new URLSearchParams({ group_by: groupBy, date_from: REPORT_FROM, date_to: REPORT_TO }));
      // One untimed run first, as for the funnel: the first opens connections and plans.
      await runAttributionReport(workspace.id, query);
      const ms = await timeRuns(runs, () => runAttributionReport(workspace.id, query));
      p95s.push(percentile(ms, 95));
      console.log(`report_${groupBy}_p95 ${percentile(ms, 95).toFixed(1)}`);
    }
    console.log(`p95 ${Math.max(...p95s).toFixed(1)}`);
    }

    if (parts.has("funnel")) {
    // The funnel reads the event times the drain keeps (lib/funnels/summary.ts); written here
    // from the events loaded past the drain, as the migration's backfill does.
    const held = await getPool().query("SELECT 1 FROM funnel_event_times WHERE workspace_id = $1 LIMIT 1", [workspace.id]);
    if (!held.rowCount) {
      started = performance.now();
      const { rebuildFunnelTimes } = await import("../lib/funnels/summary");
      console.log(`funnel_times_rows ${await rebuildFunnelTimes(workspace.id)}`);
      await getPool().query("VACUUM ANALYZE funnel_event_times");
      console.log(`funnel_times_s ${seconds(started)}`);
    }
    const range = { date_from: REPORT_FROM, date_to: REPORT_TO };
    // The default funnel's progress the drain keeps, written here as the build job writes it
    // (untimed in funnel_p95); read from the event times while it is being built, as a reference.
    const { requestBuild, writeBuild } = await import("../lib/funnels/progress");
    const requested = await requestBuild(workspace.id, DEFAULT_DEFINITION, "UTC");
    const fromTimes = await runFunnelReport(workspace.id, DEFAULT_DEFINITION, range);
    started = performance.now();
    await writeBuild(workspace.id, requested!.build.id);
    await getPool().query("VACUUM ANALYZE funnel_progress");
    const { rows: [progressRows] } = await getPool().query<{ n: string }>("SELECT count(*)::text AS n FROM funnel_progress");
    console.log(`funnel_progress_rows ${progressRows!.n}`);
    console.log(`funnel_progress_s ${seconds(started)}`);
    const funnel = await runFunnelReport(workspace.id, DEFAULT_DEFINITION, range);
    if (funnel.summary?.state !== "ready") throw new Error("The funnel was not read from its progress.");
    const funnelMs = await timeRuns(runs, () => runFunnelReport(workspace.id, DEFAULT_DEFINITION, range));
    console.log(`funnel_steps ${funnel.total.steps.map((s) => s.count).join(" ")}`);
    console.log(`funnel_same_as_times ${JSON.stringify(funnel.total) === JSON.stringify(fromTimes.total)}`);
    console.log(`funnel_p95 ${percentile(funnelMs, 95).toFixed(1)}`);
    }
    // The machine's load beside the figures: on a shared machine they move with it.
    console.log(`load_avg ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  });
}

runBench(main);
