// Bytes per row of the tables that grow with a store, for the capacity model (docs/capacity.md),
// measured on the demo store that `npm run bench:dashboard` keeps in .data/bench-dashboard (run
// that first; `--data-dir` names another kept bench store). For every table of at least --min-rows
// rows (default 1000), lines of their own:
//   rows_<table> N            rows stored
//   row_bytes_<table> X       mean pg_column_size of a row (the heap tuple's data, after TOAST compression)
//   disk_bytes_per_row_<table> X   pg_total_relation_size (heap, indexes, TOAST) / rows
// The kept store has no tracked events: --events N (default 20000) page views shaped like the
// browser snippet's (URL, referrer, user agent, screen, locale) and one session per 4.4 of them are
// written to tracked_events and tracked_sessions inside a transaction, measured the same way
// (events_row_bytes, events_disk_bytes_per_row, sessions_...), and rolled back.
// And load_avg at the start.
// Usage: npm run bench:capacity [-- --data-dir .data/bench-dashboard] [--min-rows 1000]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Client } from "pg";
import { numberOption } from "./stats";
import { runBench, withBenchDatabase } from "./support";

const dataDirIndex = process.argv.indexOf("--data-dir");
const DATA_DIR = path.resolve(dataDirIndex >= 0 ? process.argv[dataDirIndex + 1]! : ".data/bench-dashboard");
const MIN_ROWS = numberOption("min-rows", 1000);
const EVENTS = numberOption("events", 20_000);

const CONTEXT = JSON.stringify({
  library: { name: "sb.js", version: "1.0.0" },
  userAgent: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  locale: "en-US",
  timezone: "Europe/Berlin",
  screen: { width: 390, height: 844 },
  page: { title: "Linen shirt - Demo store", path: "/products/linen-shirt" },
});

/** Bytes of the rows written inside a transaction that is then rolled back. */
async function measureTracking(client: Client): Promise<void> {
  const sessions = Math.max(1, Math.round(EVENTS / 4.4));
  await client.query("BEGIN");
  try {
    const { rows: ws } = await client.query<{ id: string }>("SELECT id FROM workspaces LIMIT 1");
    const workspaceId = ws[0]!.id;
    const before = async (table: string) => Number((await client.query<{ b: string }>(`SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::text AS b FROM pg_class c WHERE c.oid = '${table}'::regclass OR c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = '${table}'::regclass)`)).rows[0]!.b);
    const eventsBefore = await before("tracked_events");
    const sessionsBefore = await before("tracked_sessions");
    await client.query(
      `INSERT INTO tracked_events (workspace_id, message_id, event, occurred_at, received_at, anonymous_id, page_url, referrer, properties, context, ip_hash, ip_prefix, source, is_bot, session_id)
       SELECT $1, 'msg-' || md5(i::text), 'page', now() - (i || ' seconds')::interval, now(), 'anon-' || md5((i % $3)::text),
              'https://demo-store.example/products/linen-shirt?variant=' || i, 'https://www.google.com/',
              jsonb_build_object('path', '/products/linen-shirt', 'title', 'Linen shirt - Demo store'), $4::jsonb,
              md5('ip' || i), '203.0.113.0', 'browser', false, 's-' || md5((i % $3)::text)
         FROM generate_series(1, $2) i`,
      [workspaceId, EVENTS, sessions, CONTEXT],
    );
    await client.query(
      `INSERT INTO tracked_sessions (workspace_id, id, anonymous_id, started_at, ended_at, day, landing_page, referrer, utm_source, utm_medium, utm_campaign, channel, device, country, event_count, page_views, engaged_ms, is_bot)
       SELECT $1, 's-' || md5(i::text), 'anon-' || md5(i::text), now() - interval '1 hour', now(), current_date,
              'https://demo-store.example/products/linen-shirt', 'https://www.google.com/', 'google', 'cpc', 'summer_sale',
              'paid_search', 'mobile', 'DE', 4, 3, 95000, false
         FROM generate_series(1, $2) i`,
      [workspaceId, sessions],
    );
    for (const [name, table, count, base] of [["events", "tracked_events", EVENTS, eventsBefore], ["sessions", "tracked_sessions", sessions, sessionsBefore]] as const) {
      const { rows } = await client.query<{ b: string }>(`SELECT round(avg(pg_column_size(t.*)))::text AS b FROM ${table} t WHERE workspace_id = $1`, [workspaceId]);
      const disk = (await before(table)) - base;
      process.stdout.write(`${name}_row_bytes ${rows[0]!.b}\n${name}_disk_bytes_per_row ${Math.round(disk / count)}\n`);
    }
  } finally {
    await client.query("ROLLBACK");
  }
}

runBench(async () => {
  if (!fs.existsSync(path.join(DATA_DIR, "PG_VERSION"))) throw new Error(`No bench store in ${DATA_DIR}: run npm run bench:dashboard first.`);
  process.stdout.write(`load_avg ${os.loadavg()[0]!.toFixed(2)}\n`);
  await withBenchDatabase({ dataDir: DATA_DIR }, async () => {
    const client = new Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      // Partitions are measured with their parent (tracked_events).
      const { rows: tables } = await client.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`,
      );
      await measureTracking(client);
      for (const { name } of tables) {
        const { rows } = await client.query<{ n: string; row_bytes: string | null; disk: string }>(
          `SELECT count(*)::text AS n, round(avg(pg_column_size(t.*)))::text AS row_bytes,
                  (SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c
                    WHERE c.oid = '"${name}"'::regclass OR c.oid IN (SELECT inhrelid FROM pg_inherits WHERE inhparent = '"${name}"'::regclass))::text AS disk
             FROM "${name}" t`,
        );
        const count = Number(rows[0]!.n);
        if (count < MIN_ROWS) continue;
        process.stdout.write(`rows_${name} ${count}\nrow_bytes_${name} ${rows[0]!.row_bytes}\ndisk_bytes_per_row_${name} ${Math.round(Number(rows[0]!.disk) / count)}\n`);
      }
    } finally {
      await client.end();
    }
  });
});
