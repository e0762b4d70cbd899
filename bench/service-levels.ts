// The cost of reading the service levels, which the evaluate-service-levels job does every minute
// and /api/metrics on every scrape: a full 35 days of minutes for every series (request outcomes
// of the web and the API, both freshness samples), then serviceLevels() timed at the month's end.
// Also the cost of counting a request (the hot path every API request takes).
// Lines of their own, for scripts:
//   load_avg X                     1-minute load average at the start
//   minutes_rows X                 rows in service_level_minutes
//   service_levels_ms_p50 X / service_levels_ms_p95 X
//   count_request_ns X             nanoseconds per counted request (in memory)
//
// Usage: npm run bench:service-levels [-- --runs 20]
import os from "node:os";
import { numberOption, percentile, timeRuns } from "./stats";
import { runBench, withBenchDatabase } from "./support";

const RUNS = numberOption("runs", 20);
const DAYS = 35;

runBench(() =>
  withBenchDatabase({}, async () => {
    console.log(`load_avg ${os.loadavg()[0]!.toFixed(2)}`);
    const { db } = await import("../lib/db/client");
    const { serviceLevels } = await import("../lib/observability/slo");
    const { recordRequestOutcome, pendingOutcomes } = await import("../lib/observability/availability");
    const end = new Date("2026-03-31T23:59:30Z");
    const start = new Date(end.getTime() - DAYS * 86_400_000);
    // One statement: every minute of the period for the four series, with a little noise.
    await db.$executeRaw`
      INSERT INTO service_level_minutes (minute, series, total, errors)
      SELECT m, s, 50 + (random() * 100)::int, CASE WHEN random() < 0.01 THEN 1 ELSE 0 END
      FROM generate_series(${start.toISOString()}::timestamp, ${end.toISOString()}::timestamp, interval '1 minute') m,
           unnest(ARRAY['api', 'web', 'freshness:store', 'freshness:ads']) s`;
    await db.$executeRawUnsafe("ANALYZE service_level_minutes");
    const [counted] = await db.$queryRaw<{ rows: number }[]>`SELECT count(*)::int AS rows FROM service_level_minutes`;
    console.log(`minutes_rows ${counted?.rows ?? 0}`);
    const times = (await timeRuns(RUNS, () => serviceLevels(db, end))).sort((a, b) => a - b);
    console.log(`service_levels_ms_p50 ${percentile(times, 50).toFixed(1)}`);
    console.log(`service_levels_ms_p95 ${percentile(times, 95).toFixed(1)}`);
    const n = 1_000_000;
    const started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) recordRequestOutcome("api", i % 100 === 0 ? 500 : 200, end);
    console.log(`count_request_ns ${(Number(process.hrtime.bigint() - started) / n).toFixed(0)}`);
    if (pendingOutcomes()[0]?.total !== n) throw new Error("requests were not all counted");
  }),
);
