// Activity scores on a large workspace. On a throwaway database, one workspace (Europe/Berlin)
// gets N people (default 200,000), each a browser (a tenth known only by a member id), M tracked
// events (default 5,000,000) over the last 120 days (page views, product views, carts,
// checkouts, a custom event), and customer profiles with an order for three in five of them.
// Then a full recompute of scores, levels and RFM with 10 tag rules run after it (the three
// built-in ones and seven over scores, levels, RFM and orders), and the incremental pass after a
// batch of B new events (default 10,000), timed over K batches (default 3), each for other people.
// Prints `name value` lines. Usage: npm run bench:activity -- [--people 200000] [--events 5000000] [--batch 10000] [--batches 3] [--fresh]
// The loaded database is kept in .data/bench-activity and reused by later runs of the same size
// (--fresh reloads): each run empties the scores, tags and the last run's batch, then times the
// full pass from nothing and the incremental passes after new batches.
import path from "node:path";
import { numberOption } from "./stats";
import { runBench, withKeptBenchDatabase } from "./support";

const NOW = new Date("2026-11-20T12:00:00Z");
const DATA_DIR = path.resolve(".data/bench-activity");
const DAYS = 120;
const EVENT_NAMES = "ARRAY['page_view','page_view','page_view','page_view','page_view','product_viewed','product_viewed','product_added_to_cart','checkout_started','wishlist_add']";

const VISITORS_SQL = `
INSERT INTO visitors (workspace_id, anonymous_id, first_seen_at, last_seen_at, person_key, identified_at)
SELECT $1, 'b' || p, $3::timestamp - interval '${DAYS} days', $3::timestamp,
  CASE WHEN p % 10 <> 0 THEN 'e:p' || p END, $3::timestamp - interval '${DAYS} days'
FROM generate_series(0, $2::int - 1) AS p`;

// Events spread over the window from their number, so a run is reproducible.
const EVENTS_SQL = `
INSERT INTO tracked_events (workspace_id, message_id, event, occurred_at, received_at, anonymous_id, properties, context, source, is_bot)
SELECT $1, $5 || i, (${EVENT_NAMES})[1 + i % 10], t, t, 'b' || ((i * 48271) % $3), '{}', '{}', 'browser', false
FROM generate_series($7::bigint + 1, $7::bigint + $2::bigint) AS i,
LATERAL (SELECT $4::timestamp - ((i * 7919) % $6) * interval '1 second' AS t) x`;

const PROFILES_SQL = `
INSERT INTO customer_profiles (workspace_id, customer_key, first_connection_id, first_order_id, first_order_at, first_day, first_channel,
  orders, net_sales, gross_profit, net_sales_90, net_sales_180, net_sales_365, last_order_at, last_day)
SELECT $1, 'e:p' || p, 'conn', p, d, d::date, 'direct', 1 + (p * 7) % 5, 10 + (p * 13) % 400, 0, 0, 0, 0, d, d::date
FROM generate_series(0, $2::int - 1) AS p, LATERAL (SELECT $3::timestamp - ((p * 7919) % (365 * 86400)) * interval '1 second' AS d) x
WHERE p % 10 <> 0 AND p % 5 < 3`;

const ORDER_EVENTS_SQL = `
INSERT INTO customer_events (workspace_id, connection_id, order_id, refund_id, customer_key, day, at, is_order, net_sales, gross_profit)
SELECT workspace_id, 'conn', first_order_id, 0, customer_key, last_day, last_order_at, true, net_sales, 0 FROM customer_profiles WHERE workspace_id = $1`;

async function main() {
  const people = numberOption("people", 200_000);
  const events = numberOption("events", 5_000_000);
  const batch = numberOption("batch", 10_000);
  const batches = Math.max(1, numberOption("batches", 3));
  await withKeptBenchDatabase(DATA_DIR, async () => {
    const { seedUser, seedWorkspace } = await import("../lib/seed/factories");
    const { getPool } = await import("../lib/db/pool");
    const { ensureMonthPartitions } = await import("../lib/tracking/partitions");
    const { recomputeActivity, recomputePending } = await import("../lib/activity/recompute");
    const { queueVisitorsPersons } = await import("../lib/activity/queue");
    const { createTag, ensureBuiltinRules } = await import("../lib/tags/service");

    const name = `Bench activity ${people}/${events}`;
    const now = NOW.toISOString().slice(0, 23);
    const batchStart = new Date(NOW.getTime() - 60_000).toISOString().slice(0, 23);
    const kept = await getPool().query<{ id: string }>("SELECT id FROM workspaces WHERE name = $1", [name]);
    let ws = kept.rows[0]?.id;
    let loadSeconds = 0;
    if (ws) {
      await resetRun(ws, batchStart);
    } else {
      const owner = await seedUser();
      ws = (await seedWorkspace(owner.id, { name, timeZone: "Europe/Berlin" })).id;
      await ensureMonthPartitions(["2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]);
      const loadStarted = performance.now();
      await getPool().query(VISITORS_SQL, [ws, people, now]);
      await getPool().query(EVENTS_SQL, [ws, events, people, now, "m", DAYS * 86400, 0]);
      await getPool().query(PROFILES_SQL, [ws, people, now]);
      await getPool().query(ORDER_EVENTS_SQL, [ws]);
      loadSeconds = (performance.now() - loadStarted) / 1000;
    }
    for (const table of ["visitors", "tracked_events", "customer_profiles", "customer_events"]) {
      await getPool().query(`VACUUM ANALYZE ${table}`);
    }

    // Ten tag rules, run by the recompute's own after-recompute consumer.
    await ensureBuiltinRules(ws, NOW);
    const cond = (field: string, op: string, value: unknown) => ({ field, op, value });
    const rules = [
      cond("level", "is", "high"), cond("level", "is", "low"), cond("rfm_segment", "in", ["champions", "loyal"]),
      cond("rfm_segment", "is", "at_risk"), cond("weekly_change", "lt", -1), cond("score", "gt", 5), cond("orders", "gte", 3),
    ];
    const made = await getPool().query("SELECT 1 FROM tags WHERE workspace_id = $1 AND name = 'Rule 1'", [ws]);
    if (!made.rowCount) for (const [i, condition] of rules.entries()) await createTag(ws, { name: `Rule ${i + 1}`, rule: { match: "all", conditions: [condition] } }, null, NOW);
    const ruleCount = await getPool().query<{ n: string }>("SELECT count(*)::text AS n FROM tag_rules WHERE workspace_id = $1 AND enabled", [ws]);

    const fullStarted = performance.now();
    const full = await recomputeActivity(ws, "all", NOW);
    const fullSeconds = (performance.now() - fullStarted) / 1000;

    // A batch arrives long after the nightly pass: by then autovacuum has vacuumed and analyzed
    // what it wrote (the kept database's earlier runs left their rows dead in these tables).
    for (const table of ["person_activity", "person_activity_history", "person_tags", "person_tag_history", "activity_pending"]) {
      await getPool().query(`VACUUM ANALYZE ${table}`);
    }

    // The tag rules' share of a pass: the same consumer, timed.
    const { registerActivityConsumer } = await import("../lib/activity/after-recompute");
    const { runTagRulesAfterRecompute } = await import("../lib/tags/rules/after-recompute");
    let rulesMs = 0;
    registerActivityConsumer("tag-rules", async (w, keys, at) => {
      const started = performance.now();
      await runTagRulesAfterRecompute(w, at, keys);
      rulesMs += performance.now() - started;
    });
    // Batches of new events a minute before NOW, each for other people spread over the workspace:
    // the drain's queueing of their persons and the pass that takes them, timed together.
    const passes: { ms: number; rulesMs: number; persons: number }[] = [];
    for (let k = 0; k < batches; k++) {
      await getPool().query(EVENTS_SQL, [ws, batch, people, batchStart, `batch${k}-`, 3600, k * batch]);
      const { rows } = await getPool().query<{ id: string }>(
        "SELECT DISTINCT anonymous_id AS id FROM tracked_events WHERE workspace_id = $1 AND message_id LIKE $2",
        [ws, `batch${k}-%`],
      );
      rulesMs = 0;
      const started = performance.now();
      await queueVisitorsPersons(ws, rows.map((r) => r.id));
      const pass = await recomputePending(ws, NOW);
      passes.push({ ms: performance.now() - started, rulesMs, persons: pass.persons });
    }
    const median = [...passes].sort((a, b) => a.ms - b.ms)[Math.floor((passes.length - 1) / 2)]!;

    const levels = await getPool().query<{ level: string; n: string }>(
      "SELECT level, count(*)::text AS n FROM person_activity WHERE workspace_id = $1 GROUP BY level ORDER BY level",
      [ws],
    );
    console.log(`people ${people}`);
    console.log(`events ${events}`);
    if (loadSeconds > 0) console.log(`load_s ${loadSeconds.toFixed(1)}`);
    console.log(`persons_scored ${full.written}`);
    console.log(`levels ${levels.rows.map((r) => `${r.level}:${r.n}`).join(",")}`);
    console.log(`seconds ${fullSeconds.toFixed(2)}`);
    console.log(`batch_events ${batch}`);
    console.log(`batch_persons ${median.persons}`);
    console.log(`batches ${passes.length}`);
    // The median batch's figures, and the slowest batch's time.
    console.log(`incremental_ms ${median.ms.toFixed(0)}`);
    console.log(`incremental_rules_ms ${median.rulesMs.toFixed(0)}`);
    console.log(`incremental_max_ms ${Math.max(...passes.map((p) => p.ms)).toFixed(0)}`);
    const tagged = await getPool().query<{ n: string }>("SELECT count(*)::text AS n FROM person_tags WHERE workspace_id = $1", [ws]);
    console.log(`tag_rules ${ruleCount.rows[0]?.n ?? 0}`);
    console.log(`tag_memberships ${tagged.rows[0]?.n ?? 0}`);
  });
}

/** A kept database back to where a fresh load leaves it: no scores, tags without members, no batch. */
async function resetRun(ws: string, batchStart: string): Promise<void> {
  const { getPool } = await import("../lib/db/pool");
  await getPool().query("DELETE FROM tracked_events WHERE workspace_id = $1 AND occurred_at >= $2::timestamp - interval '1 hour' AND message_id LIKE 'batch%'", [ws, batchStart]);
  for (const table of ["person_activity", "person_activity_history", "activity_pending", "person_tags", "person_tag_history"]) {
    await getPool().query(`DELETE FROM ${table} WHERE workspace_id = $1`, [ws]);
  }
}

runBench(main);
