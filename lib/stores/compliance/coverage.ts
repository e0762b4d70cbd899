// What each privacy webhook does to each table, in one place: every table of prisma/schema has an
// entry (tests/embedded/redact-coverage.test.ts fails on a table without one, so a new table is
// classified when it is added), and the tests check the claims of the "erased", "redacted" and
// "recomputed" ones against a store's real data.
//
// - erased: the rows go.
// - redacted: the rows stay with what identifies the person cleared.
// - recomputed: derived from other tables and rebuilt without what was erased.
// - kept: no data about the person (or the store's customers) is in it; the reason says why.
// `exported` says where a customers/data_request export reads it from, or why it is not in it.

export type THandling = { how: "erased" | "redacted" | "recomputed" | "kept"; why: string };
export type TTableCoverage = { customer: THandling; shop: THandling; exported: boolean; note?: string };

const erased = (why: string): THandling => ({ how: "erased", why });
const redacted = (why: string): THandling => ({ how: "redacted", why });
const recomputed = (why: string): THandling => ({ how: "recomputed", why });
const kept = (why: string): THandling => ({ how: "kept", why });

const AGGREGATE = "sums over many orders or visits per day and dimension; names no one";
const CONFIG = "workspace configuration, no customer data";
const ACCOUNTS = "Signalboard's own users and their sign-in, not a store's customers";
const ADS = "ad platform accounts and spend, no customer data";
const CRM = "a CRM connection's deals, keyed by the CRM's ids; no store customer is named in it";
const OWN = (what: string): TTableCoverage => ({ customer: kept(what), shop: kept(what), exported: false });
const rollup = (): TTableCoverage => ({
  customer: kept(AGGREGATE),
  shop: recomputed("the erased orders' days are marked dirty and rebuilt from what is left"),
  exported: false,
});
const tracking = (what: string): TTableCoverage => ({
  customer: erased(`${what} of every visitor the customer is or was seen with (lib/identity/erase.ts)`),
  shop: erased(`${what} of every visitor tied to one of the store's customers or orders; anonymous visitors name no one`),
  exported: true,
});

export const COMPLIANCE_COVERAGE: Record<string, TTableCoverage> = {
  // The store's facts.
  orders: {
    customer: redacted("landing and referring pages cleared (they can carry tracking tokens); amounts stay, tied only to the redacted store id"),
    shop: erased("every order of the connection"),
    exported: true,
  },
  order_line_items: { customer: kept("products and prices of orders whose customer is redacted"), shop: erased("by connection"), exported: true },
  refunds: { customer: kept("amounts of orders whose customer is redacted"), shop: erased("by connection"), exported: true },
  refund_line_items: { customer: kept("quantities of orders whose customer is redacted"), shop: erased("by connection"), exported: true },
  customers: {
    customer: redacted("email and phone (sealed), their keyed hashes and tags removed, marked redacted so later syncs keep them out"),
    shop: erased("by connection"),
    exported: true,
  },
  products: { customer: kept("the store's catalogue"), shop: erased("by connection"), exported: false },
  product_variants: { customer: kept("the store's catalogue"), shop: erased("by connection"), exported: false },
  sync_cursors: { customer: kept("a timestamp per resource"), shop: erased("by connection"), exported: false },
  exception_orders: {
    customer: kept("order name, amount and reasons; the order's customer is redacted"),
    shop: erased("by connection"),
    exported: true,
  },
  exception_order_checks: { customer: kept("an order id and a time"), shop: erased("by connection"), exported: false },
  webhook_receipts: {
    customer: kept("a delivery's sealed body is cleared once processed; what stays is its topic, id and times"),
    shop: erased("deliveries of the connection except the shop/redact ones (their record)"),
    exported: false,
  },
  compliance_requests: {
    customer: kept("the record that the request was made and answered, which must outlive it"),
    shop: kept("the record that the request was made and answered, which must outlive it"),
    exported: false,
  },
  customer_data_exports: {
    customer: erased("exports made for the customer's earlier data requests"),
    shop: erased("by connection"),
    exported: false,
    note: "The export itself: sealed, for the workspace's owners, deleted after 30 days.",
  },
  customer_data_requests: {
    customer: kept("a GDPR request made through the API: how the person was named (a keyed hash), what was done, and an export's sealed answer, deleted after 30 days"),
    shop: kept("requests made through the API are the workspace's, not the store's; deleted after 30 days"),
    exported: false,
  },
  connections: {
    customer: kept("the store's account"),
    shop: kept("kept disconnected as the record that the store was erased; its token was revoked at uninstall"),
    exported: false,
  },
  sync_runs: { customer: kept("row counts and errors of sync runs"), shop: kept("row counts and errors of sync runs"), exported: false },
  embedded_shops: {
    customer: kept("the shop and its workspace"),
    shop: kept("the shop and its workspace, so a reinstall finds the workspace again"),
    exported: false,
  },
  shop_link_codes: OWN("a hashed single-use code linking a shop to a workspace, and which shop used it; no customer data"),
  embedded_online_tokens: {
    customer: kept("the shop's staff members' sealed tokens and Shopify ids; no store customer is in it"),
    shop: kept("already deleted at uninstall, which comes before shop/redact"),
    exported: false,
  },

  // People, cohorts and lifetime value.
  customer_profiles: {
    customer: recomputed("rebuilt under the store id once the email hash is gone (the orders' days are marked dirty)"),
    shop: recomputed("rebuilt from the other stores' orders; a person only this store knew is gone"),
    exported: true,
  },
  customer_events: {
    customer: recomputed("refiled under the store id key"),
    shop: recomputed("the store's orders and refunds go with the rebuild"),
    exported: true,
  },
  cohort_cells: {
    customer: recomputed("contributions moved to the store id key; sums over customers"),
    shop: recomputed("rebuilt without the store's customers"),
    exported: true,
    note: "Exported as the customer's cohort (first order period and segments), not the cells.",
  },
  ltv_models: OWN("the fit's parameters and backtest, sums over customers"),

  // Customer tags (lib/tags).
  tags: OWN("the workspace's tag names and descriptions"),
  tag_rules: OWN("tag rules: conditions over customers' figures, naming no one"),
  person_tags: {
    customer: erased("the customer's tags, with their tracking data (lib/identity/erase.ts calls lib/tags/erase.ts)"),
    shop: erased("tags of every person the store's customers are, with their tracking data"),
    exported: false,
    note: "Not in a data request's export: the workspace's own labels, kept by person key.",
  },
  person_tag_history: {
    customer: erased("when the customer gained and lost tags, with their tags"),
    shop: erased("the history of every person the store's customers are, with their tags"),
    exported: false,
  },

  // Activity scores, levels and RFM (lib/activity).
  activity_settings: OWN(CONFIG),
  activity_rfm_cuts: OWN("the RFM cut points over all customers: four values per measure, naming no one"),
  person_activity: {
    customer: erased("the person's scores under their email hash's key and their store id's (lib/activity/erase.ts)"),
    shop: recomputed("the next full recompute keeps only persons with events or orders left"),
    exported: false,
    note: "Derived from events and orders the export already holds.",
  },
  person_activity_history: {
    customer: erased("the person's score history under either key (lib/activity/erase.ts)"),
    shop: recomputed("a person the next full recompute no longer scores loses their history with their scores"),
    exported: false,
  },
  activity_pending: {
    customer: erased("a recompute still waiting for the person (lib/activity/erase.ts)"),
    shop: recomputed("taken by the next recompute, which finds nothing left for the store's persons"),
    exported: false,
  },

  // Attribution.
  attribution_touchpoints: tracking("touchpoints (sessions)"),
  order_attributions: {
    customer: redacted("the matched person and visitor cleared, and the order queued to be attributed again"),
    shop: erased("the erased orders are attributed again, which drops their rows"),
    exported: true,
  },
  attribution_order_credits: {
    customer: recomputed("replaced when the order is attributed again without the erased journeys"),
    shop: erased("given back to the daily sums and deleted when the orders are attributed again"),
    exported: true,
  },
  attribution_daily: { customer: kept(AGGREGATE), shop: recomputed("the erased orders' credits are taken out"), exported: false },
  deal_attributions: OWN("a won CRM deal's credit per channel, campaign and day, keyed by the CRM's ids; names no one"),
  attribution_pending: { customer: kept("an order id waiting for a recompute"), shop: erased("worked off when the erased orders are attributed again"), exported: false },
  attribution_settings: OWN(CONFIG),
  attribution_fits: OWN("channel transition counts over all journeys; names no one"),

  // Owned channels (lib/owned): the workspace's own messages and what their recipients did.
  owned_folders: OWN(CONFIG),
  owned_campaigns: OWN("the workspace's campaigns and flows: names and ids"),
  owned_templates: OWN("the workspace's message templates: names and subject lines"),
  owned_links: OWN("the URLs of the workspace's message templates"),
  owned_sends: {
    customer: redacted("the recipient's email and phone hashes and customer id cleared; the send stays, counted, naming no one (lib/owned/erase.ts)"),
    shop: kept("sends are the workspace's messaging, not the store's; a recipient is redacted when customers/redact names them"),
    exported: false,
    note: "Not in a data request's export: a send holds the recipient only as keyed hashes.",
  },
  owned_clicks: {
    customer: redacted("clicks on the customer's sends lose the visitor, the address hash and network and the user agent's hash"),
    shop: kept("clicks on the workspace's messages; redacted with their send"),
    exported: false,
  },
  owned_opens: {
    customer: redacted("opens of the customer's sends lose the address hash and network"),
    shop: kept("opens of the workspace's messages; redacted with their send"),
    exported: false,
  },
  owned_send_events: OWN("an unsubscribe or complaint: a send id, a kind and a time; the send's recipient is redacted with it"),
  owned_blocked_sends: OWN("counts of blocked sends per message, reason and day; " + AGGREGATE),
  owned_blocked_events: OWN("a platform's blocked send: its event id, message, reason and time; no recipient is kept"),
  owned_message_totals: OWN("a messaging platform's own totals per message; " + AGGREGATE),
  owned_report_daily: OWN("the report's counts per send day and message; " + AGGREGATE),
  owned_report_dirty: OWN("which send days' report counts are out of date: days and a version"),
  owned_channel_fees: OWN(CONFIG),
  owned_settings: OWN(CONFIG),
  popup_templates: OWN("the workspace's on-site messages: their text, targeting and schedule"),
  popup_settings: OWN(CONFIG),
  popup_daily_shows: OWN("pop-ups shown per day; " + AGGREGATE),
  popup_assignments: { ...tracking("pop-up A/B assignments"), exported: false, note: "Which arm of a pop-up test a browser drew; its shows and clicks are exported as events." },
  owned_conversions: {
    customer: redacted("the visitor cleared on conversions of the customer's sends"),
    shop: erased("by connection: the store's orders go, so do their conversions"),
    exported: false,
  },

  // Tracking and the identity graph.
  visitors: tracking("visitor rows"),
  identity_links: tracking("identity links"),
  identity_ties: tracking("ties"),
  identity_merges: tracking("merges"),
  tracked_events: tracking("events (every monthly partition)"),
  tracked_sessions: tracking("sessions"),
  funnel_event_times: tracking("funnel event times"),
  funnel_progress: { ...tracking("funnel progress rows"), exported: false, note: "Derived from the funnel event times; a person's browsers that are not erased are written again." },
  funnel_progress_stale: {
    customer: kept("queues only a person with browsers that were not erased (whose key stays in visitors), until the next drain or report writes its progress again"),
    shop: kept("a person's key waiting until the next drain or report writes its progress again, then deleted"),
    exported: false,
  },
  funnel_progress_builds: OWN("which funnels keep progress rows, and how far a build has got"),
  tracked_event_ids: OWN("message ids only, kept so a late retry of an erased event is not stored again"),
  tracking_inbox: {
    customer: erased("waiting events of the customer's visitors and those naming one of their identifiers, taken out of their requests before the drain moves them (lib/identity/erase.ts)"),
    shop: erased("waiting events of the store's customers' visitors, the same way"),
    exported: false,
    note: "Not exported: events wait here about a minute; the export reads them once drained.",
  },
  tracking_settings: OWN(CONFIG),
  write_keys: OWN(CONFIG),

  // Rollups and report tables.
  sales_daily: rollup(),
  customer_daily: rollup(),
  customer_day_totals: rollup(),
  ad_daily: OWN(ADS),
  ad_levels_daily: OWN(ADS),
  sessions_daily: { customer: recomputed("the erased sessions' days are rebuilt"), shop: recomputed("the erased sessions' days are rebuilt"), exported: false },
  product_sales_daily: rollup(),
  product_country_daily: rollup(),
  order_sales_daily: rollup(),
  product_sales_periods: rollup(),
  product_country_periods: rollup(),
  order_sales_periods: rollup(),
  sales_periods: rollup(),
  ad_periods: OWN(ADS),
  sessions_periods: { customer: recomputed("rebuilt with sessions_daily"), shop: recomputed("rebuilt with sessions_daily"), exported: false },
  product_titles: OWN("product and variant titles of the catalogue"),
  rollup_revisions: OWN("a revision counter"),
  rollup_dirty_days: OWN("days waiting for a refresh"),
  rollup_rebuilds: OWN("rebuild jobs' progress"),
  metric_settings: OWN(CONFIG),
  product_groups: OWN(CONFIG),
  unit_costs: OWN(CONFIG),
  exchange_rates: OWN("currency rates"),
  dashboards: OWN(CONFIG),
  dashboard_widgets: OWN(CONFIG),
  funnels: OWN("funnel definitions"),
  alert_rules: OWN(CONFIG),
  alert_incidents: OWN("metric deviations; " + AGGREGATE),
  digests: OWN("digest definitions and their last outcome (metric figures)"),
  data_imports: OWN("an upload's file name, counts and row errors (line numbers and field messages, never values)"),

  // Ads and analytics platforms.
  ad_campaigns: OWN(ADS),
  ad_groups: OWN(ADS),
  ads: OWN(ADS),
  ad_insights_daily: OWN(ADS),
  traffic_daily: OWN("an analytics property's daily sums; " + AGGREGATE),
  douplus_orders: OWN("a Douyin account's DOU+ promotion orders and their delivery totals, no customer data"),
  douplus_buckets: OWN("DOU+ delivery per order and 5 minutes, no customer data"),
  douplus_aggregates: OWN("DOU+ delivery per video and account; " + AGGREGATE),
  douplus_sync_state: OWN("where a Douyin connection's DOU+ sync stands"),
  douplus_issues: OWN("DOU+ rows the sync did not apply, no customer data"),

  // Audiences (lib/audiences): what is done with a tag's members; who has a tag is lib/tags'.
  audience_sizes: OWN("an audience's size and its joins and leaves per day; names no one"),
  audience_settings: OWN("where an audience's changes go and how its list sync stands; names no one"),
  audience_exports: OWN("who exported an audience and how many rows; the file itself is never stored"),

  // Workspace exports (lib/exports): the whole workspace's tables for its owners.
  workspace_exports: OWN("who asked for a workspace export, its progress and its manifest (table names and row counts)"),
  workspace_export_chunks: {
    customer: kept("a zip of the workspace's tables as they stood when it was made; deleted when it expires, after at most EXPORT_KEEP_DAYS"),
    shop: kept("a zip of the workspace's tables as they stood when it was made; deleted when it expires, after at most EXPORT_KEEP_DAYS"),
    exported: false,
    note: "The export file itself, for the workspace's owners; personal fields in it stay sealed or hashed.",
  },

  // Notifications and email.
  notification_destinations: OWN(CONFIG),
  notification_deliveries: OWN("alert and digest messages: metric figures"),
  webhook_sink_messages: OWN("alert and digest messages received by the test sink"),
  outbox_emails: OWN("emails to Signalboard's users; a data export's notice links to the export and holds none of it"),
  outbox_attachments: OWN("images and reports attached to emails to Signalboard's users"),

  // Signalboard's own accounts, workspaces and billing.
  users: OWN(ACCOUNTS),
  oauth_accounts: OWN(ACCOUNTS),
  password_reset_tokens: OWN(ACCOUNTS),
  sign_in_failures: OWN(ACCOUNTS),
  workspaces: OWN(CONFIG),
  memberships: OWN(ACCOUNTS),
  invitations: OWN(ACCOUNTS),
  api_keys: OWN(ACCOUNTS),
  workspace_billing: OWN("the workspace's own subscription"),
  billing_events: OWN("the workspace's own subscription"),
  stripe_event_receipts: OWN("the workspace's own subscription"),
  api_request_counts: OWN("API calls per month"),
  audit_events: OWN("what the workspace's own members, keys and operators changed; personal data and secrets are never stored in it"),
  billing_meter_reports: OWN("usage reported for billing"),

  // Operations: global tables (no tenant key in their primary key), named as such for the layout checks.
  job_runs: OWN("global: the job ledger (job kind, ids-only payload, redacted error); no customer data"),
  // The operator console (lib/operators). global_settings and operator_events are global tables:
  // no workspace_id, the installation's own.
  global_settings: OWN("global: the installation's sign-up mode and default plan"),
  operator_events: OWN("global: what operators changed across the installation; users by id, never personal data or secrets"),
  // Service levels (lib/observability/slo.ts): global, counts per minute and alerts, no customer data.
  service_level_minutes: OWN("global: request outcomes and freshness samples per minute; counts only"),
  service_level_alerts: OWN("global: burn alerts on the installation's service levels; no customer data"),
  support_access_grants: OWN("when the workspace's owner let operators read it, and until when"),
  support_access_visits: OWN("when an operator last opened the workspace under a grant"),
  // A CRM connection's facts come from the CRM, not the store: a store's privacy request does not
  // reach them (its contacts are customers rows under the CRM connection, never the shop's).
  crm_stages: OWN("the CRM's pipelines and stages"),
  crm_deals: OWN(CRM),
  crm_stage_entries: OWN(CRM),
  crm_offline_orders: OWN(CRM),
  crm_row_errors: OWN(CRM),
};
