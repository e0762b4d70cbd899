// Hand-written SQL in lib/ that names a tenant table without a workspace_id in the same literal,
// each with why it is right. Two kinds:
// - the WHERE clause is built elsewhere, and that builder starts with workspace_id = $1;
// - a sweep across workspaces, which Citus runs on every shard (named in docs/distributed.md).
// tests/deploy/tenancy.test.ts fails on a new such literal not listed here, and on an entry that
// no longer matches anything.

export type TAllowedQuery = { file: string; contains: string; kind: "built filter" | "sweep"; why: string };

export const ALLOWED_TENANT_QUERIES: TAllowedQuery[] = [
  { file: "lib/audit/query.ts", contains: "FROM audit_events WHERE ${where.join", kind: "built filter", why: "the trail's where list starts with workspace_id = $1" },
  { file: "lib/customers/list.ts", contains: "FROM customer_profiles p WHERE", kind: "built filter", why: "customerWhere() starts with p.workspace_id = $1" },
  { file: "lib/douplus/list.ts", contains: "FROM douplus_orders WHERE", kind: "built filter", why: "the order list's conditions start with workspace_id = $1" },
  { file: "lib/douplus/list.ts", contains: "FROM douplus_aggregates WHERE", kind: "built filter", why: "the video list's filter starts with workspace_id = $1" },
  { file: "lib/metrics/report/sql.ts", contains: "FROM customer_day_totals WHERE", kind: "built filter", why: "a report's where list starts with workspace_id = $1" },
  { file: "lib/metrics/report/sql.ts", contains: "round(sum(orders_micro)", kind: "built filter", why: "a report's where list starts with workspace_id = $1" },
  { file: "lib/metrics/rollups/rollup.ts", contains: "FROM range_counted WHERE customer_id IS NOT NULL", kind: "built filter", why: "FACT_CTES read the workspace's orders (workspace_id = $1)" },
  { file: "lib/owned/costs/overview.ts", contains: "FROM owned_sends s", kind: "built filter", why: "SENT_IN_RANGE_FILTER starts with s.workspace_id = $1" },
  { file: "lib/stores/compliance/customer-export.ts", contains: "WHERE ${byOrder}", kind: "built filter", why: "byOrder is workspace_id = $1 AND connection_id = $2 AND order_id = ANY($3)" },
  { file: "lib/fx/refresh.ts", contains: "SELECT currency FROM workspaces UNION SELECT currency FROM connections", kind: "sweep", why: "the currencies in use anywhere, to fetch their rates once a day" },
  { file: "lib/fx/store.ts", contains: "UPDATE rollup_revisions SET revision = revision + 1", kind: "sweep", why: "new exchange rates invalidate every workspace's cached reports" },
  { file: "lib/tracking/partitions.ts", contains: "DELETE FROM tracked_event_ids WHERE occurred_at", kind: "sweep", why: "retention drops a month of event ids with its partition, for every workspace" },
  { file: "lib/tracking/retention.ts", contains: "max(retention_days)", kind: "sweep", why: "the longest retention any workspace keeps decides which partitions may go" },
];
