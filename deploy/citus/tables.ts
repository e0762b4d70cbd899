// How each table is placed on a Citus cluster (docs/distributed.md). A table with a required
// workspace_id column is a tenant table, distributed by workspace_id and co-located with every
// other; the tables below are the exceptions, each with the reason. tests/deploy/tenancy.test.ts
// fails on a table without workspace_id that is not named here, so a new global table is a choice.

/** Replicated to every node: global, small, read by many tenants' queries or before the tenant is known. */
export const REFERENCE_TABLES: Record<string, string> = {
  workspaces: "the tenants themselves (a row per workspace): every node joins its tenant tables to them, and sign-in finds one by slug",
  users: "Signalboard's users, members of any number of workspaces",
  oauth_accounts: "a user's Google sign-in, global like the user",
  password_reset_tokens: "a user's reset links, global like the user",
  sign_in_failures: "failed sign-ins per address and account, read before any workspace is known",
  outbox_emails: "outgoing email to users, global like them",
  outbox_attachments: "attachments of outgoing email",
  exchange_rates: "daily currency rates every workspace's reports convert with",
  stripe_event_receipts: "Stripe's webhook deliveries, deduplicated before the workspace is read from them",
  embedded_online_tokens: "a Shopify admin user's session token, looked up by the shop's request before the workspace is known",
  embedded_shops: "routes a Shopify shop's domain to its workspace: looked up by shop before the workspace is known",
  write_keys: "routes the event API's public write key (by its hash) to its workspace on every tracked event",
  global_settings: "the installation's one row of settings (sign-up mode, default plan), read by every sign-up and workspace creation",
  operator_events: "what operators changed across the installation (operator flags, global settings, replays), belonging to no one workspace",
};

/** Kept on the coordinator only (Citus local tables): transient queues read across workspaces. */
export const COORDINATOR_TABLES: Record<string, string> = {
  job_runs: "the job ledger: a row per job run of any workspace or none (scheduled sweeps), read across workspaces by the operator console and /api/metrics, kept 30 days",
  service_level_minutes: "request outcomes and freshness samples per minute for the whole installation, added to by every process each minute and read only by the service-level job, /api/metrics and the status page, kept 35 days",
  service_level_alerts: "burn alerts on the installation's service levels, belonging to no one workspace, kept 35 days once resolved",
  tracking_inbox: "raw event batches as the event API accepted them, claimed oldest first by the drain across workspaces (FOR UPDATE) and deleted within seconds",
};

/** The one table partitioned by time: its monthly partitions are distributed with it. */
export const EVENTS_TABLE = "tracked_events";

/** The tenant table every other is co-located with: a workspace always has members. */
export const COLOCATION_ANCHOR = "memberships";
