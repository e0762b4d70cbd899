// The DOU+ order list and aggregation at scale. On a throwaway database, one workspace gets
// N orders (default 100,000) over 90 days on four Douyin accounts and a thousand videos (a video's
// orders are placed within hours of each other, as promotions of a new video are), each
// order with B 5-minute buckets (default 12: an hour of delivery) near its creation, and its
// running totals written as the stats sync writes them. Then the order list is read 100 times
// (`--runs`) with rotating filters (account, status, video, creation days) and sorts, and the
// aggregation job is run once whole (a day's first run) and a few times incrementally, each after
// flagging the orders a stats sync would have re-pulled. Prints `name value` lines, table sizes included.
// Usage: npm run bench:douplus -- [--orders 100000] [--buckets 12] [--runs 100]
import { numberOption, percentile, timeRuns } from "./stats";
import { runBench, withBenchDatabase } from "./support";

const NOW = new Date("2026-03-31T04:00:00Z");

const ORDERS_SQL = `
INSERT INTO douplus_orders (workspace_id, connection_id, order_id, item_id, status, budget_fen, title, order_created_at, raw, sync_version, last_synced_at)
SELECT $1, ($2::text[])[1 + i % 4], (1851843000000000 + i)::text, 'v' || (s / 7776),
  (ARRAY['DELIVERING','DELIVERIED','DELIVERIED','UNDELIVERIED'])[1 + i % 4], 10000 * (1 + i % 10), 'Video ' || (s / 7776),
  $3::timestamptz - s * interval '1 second', '{}'::jsonb, 1, $3
FROM generate_series(1, $4::int) AS i
CROSS JOIN LATERAL (SELECT (i * 7919) % (90 * 86400) AS s) AS created`;

// What a stats sync leaves for the next aggregation: every order with delivery in the 24 hours it
// re-pulls, flagged.
const TOUCH_SQL = `
UPDATE douplus_orders SET aggregate_pending = true
WHERE workspace_id = $1 AND last_bucket_at >= $2::timestamptz - interval '24 hours'`;

const BUCKETS_SQL = `
INSERT INTO douplus_buckets (workspace_id, connection_id, order_id, bucket_at, item_id, cost_fen, plays, likes, shares, comments, follows,
  conversions, completion_5s, convert_cost_fen, unknown_order, pulled_at)
SELECT o.workspace_id, o.connection_id, o.order_id,
  date_bin(interval '5 minutes', o.order_created_at, timestamptz '2000-01-01') + b * interval '5 minutes', o.item_id,
  (h % 900), (h % 5000), (h % 200), (h % 40), (h % 30), (h % 20), (h % 7),
  CASE WHEN h % 5 = 0 THEN NULL ELSE ((h % 1000) / 1000.0)::numeric(7, 6) END, NULL, false, $2
FROM douplus_orders o
CROSS JOIN generate_series(0, $3::int - 1) AS b
CROSS JOIN LATERAL (SELECT abs(hashtext(o.order_id || ':' || b)) AS h) AS x
WHERE o.workspace_id = $1`;

const TOTALS_SQL = `
UPDATE douplus_orders o SET cost_fen = s.cost, plays = s.plays, likes = s.likes, shares = s.shares, comments = s.comments, follows = s.follows,
  conversions = s.conversions, last_bucket_at = s.last_at,
  completion_5s = round(s.wc / nullif(s.wp, 0), 6)
FROM (
  SELECT connection_id, order_id, sum(cost_fen) AS cost, sum(plays) AS plays, sum(likes) AS likes, sum(shares) AS shares, sum(comments) AS comments,
    sum(follows) AS follows, sum(conversions) AS conversions, max(bucket_at) AS last_at,
    sum(completion_5s * plays) FILTER (WHERE completion_5s IS NOT NULL) AS wc, sum(plays) FILTER (WHERE completion_5s IS NOT NULL) AS wp
  FROM douplus_buckets WHERE workspace_id = $1 GROUP BY connection_id, order_id
) s
WHERE o.workspace_id = $1 AND o.connection_id = s.connection_id AND o.order_id = s.order_id`;

async function main() {
  const orders = numberOption("orders", 100_000);
  const buckets = numberOption("buckets", 12);
  const runs = numberOption("runs", 100);
  const aggregations = numberOption("aggregations", 3);
  await withBenchDatabase({}, async () => {
    const { seedUser, seedWorkspace } = await import("../lib/seed/factories");
    const { saveAdConnection } = await import("../lib/connections/credentials");
    const { getPool } = await import("../lib/db/pool");
    const { listOrders } = await import("../lib/douplus/list");
    const { aggregateDouplus } = await import("../lib/douplus/aggregate");
    const { ZDouplusOrderQuerySchema, ORDER_SORTS } = await import("../lib/douplus/schema");
    const pool = getPool();

    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id, { timeZone: "Asia/Shanghai", currency: "CNY" });
    const tokens = { accessToken: "bench", refreshToken: null, expiresAt: null, scopes: [] };
    const connections: string[] = [];
    for (let a = 0; a < 4; a++) {
      const account = { id: `bench-open-${a}`, name: `Bench account ${a}`, currency: "CNY", timeZone: "Asia/Shanghai" };
      connections.push((await saveAdConnection(workspace.id, { provider: "douyin", account, tokens })).id);
    }

    const started = performance.now();
    await pool.query(ORDERS_SQL, [workspace.id, connections, NOW, orders]);
    const loadedBuckets = await pool.query(BUCKETS_SQL, [workspace.id, NOW, buckets]);
    await pool.query(TOTALS_SQL, [workspace.id]);
    const loadSeconds = (performance.now() - started) / 1000;
    for (const table of ["douplus_orders", "douplus_buckets"]) await pool.query(`VACUUM ANALYZE ${table}`);

    // The first run of a day rewrites every row; the runs every 5 minutes after it recompute the
    // videos a stats sync touched.
    const fullMs = await timeRuns(1, () => aggregateDouplus(workspace.id, NOW));
    await pool.query("VACUUM ANALYZE douplus_aggregates");
    const touched = await pool.query(TOUCH_SQL, [workspace.id, NOW]);
    const aggregationMs: number[] = [];
    let recomputed = 0;
    for (let run = 0; run < aggregations; run++) {
      if (run > 0) await pool.query(TOUCH_SQL, [workspace.id, NOW]);
      const started = performance.now();
      recomputed = (await aggregateDouplus(workspace.id, NOW)).videos;
      aggregationMs.push(performance.now() - started);
    }
    aggregationMs.sort((a, b) => a - b);

    // Rotating the filters and sorts a person would use; each page is the first or a later one.
    const statuses = [undefined, "DELIVERING", "DELIVERIED"];
    const queries = Array.from({ length: runs }, (_, i) =>
      ZDouplusOrderQuerySchema.parse({
        account: i % 3 === 0 ? connections[i % 4] : undefined,
        status: statuses[i % 3],
        video: i % 5 === 0 ? `v${(i * 37) % 1000}` : undefined,
        date_from: i % 4 === 1 ? "2026-03-01" : undefined,
        date_to: i % 4 === 1 ? "2026-03-15" : undefined,
        sort: ORDER_SORTS[i % ORDER_SORTS.length],
        direction: i % 2 === 0 ? "desc" : "asc",
        page: 1 + (i % 3),
        page_size: 50,
      }),
    );
    let i = 0;
    const listMs = await timeRuns(runs, () => listOrders(workspace, queries[i++ % runs]!));

    const size = async (table: string) => {
      const { rows } = await pool.query<{ n: string; bytes: string }>(`SELECT count(*) AS n, pg_total_relation_size('${table}') AS bytes FROM ${table}`);
      return `${rows[0]!.n} ${(Number(rows[0]!.bytes) / 1048576).toFixed(0)}MB`;
    };
    console.log(`orders ${orders}`);
    console.log(`buckets ${loadedBuckets.rowCount}`);
    console.log(`load_s ${loadSeconds.toFixed(1)}`);
    console.log(`table_douplus_orders ${await size("douplus_orders")}`);
    console.log(`table_douplus_buckets ${await size("douplus_buckets")}`);
    console.log(`table_douplus_aggregates ${await size("douplus_aggregates")}`);
    console.log(`p50 ${percentile(listMs, 50).toFixed(1)}`);
    console.log(`p95 ${percentile(listMs, 95).toFixed(1)}`);
    console.log(`aggregation_full_s ${(fullMs[0]! / 1000).toFixed(2)}`);
    console.log(`aggregation_touched_orders ${touched.rowCount}`);
    console.log(`aggregation_recomputed_videos ${recomputed}`);
    console.log(`aggregation_s ${(percentile(aggregationMs, 50) / 1000).toFixed(2)}`);
    console.log(`aggregation_max_s ${(aggregationMs.at(-1)! / 1000).toFixed(2)}`);
  });
}

runBench(main);
