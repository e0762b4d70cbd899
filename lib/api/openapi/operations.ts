import { AD_SPEND_COLUMNS, ORDER_COLUMNS, OWNED_SEND_COLUMNS, type Column } from "@/lib/imports/columns";
import type { Role } from "@/lib/tenancy/roles";
import type { SchemaName } from "./components";
import { LTV_FIT_ACCEPTED_EXAMPLE, LTV_MODEL_EXAMPLE } from "./ltv-examples";
import { CUSTOMER_LIST_EXAMPLE, CUSTOMER_LIST_QUERY, CUSTOMER_PROFILE_EXAMPLE } from "./customer-parameters";
import { IDENTITY_OPERATIONS } from "./identity-operations";
import { ATTRIBUTION_OPERATIONS } from "./attribution-operations";
import { JOURNEY_OPERATIONS } from "./journey-operations";
import { FUNNEL_OPERATIONS } from "./funnel-operations";
import { TAG_OPERATIONS } from "./tag-operations";
import { CREATIVE_OPERATIONS } from "./creative-operations";
import { DOUPLUS_OPERATIONS } from "./douplus-operations";
import { EXCEPTION_OPERATIONS } from "./exception-operations";
import { AUDIENCE_OPERATIONS } from "./audience-operations";
import { EXPORT_OPERATIONS } from "./export-operations";
import { AUDIT_OPERATIONS } from "./audit-operations";
import { OWNED_REPORT_OPERATIONS } from "./owned-report-operations";
import { COHORT_EXAMPLE, COHORT_PARAMETERS, LTV_DRIVERS_EXAMPLE, LTV_DRIVER_PARAMETERS } from "./cohort-parameters";
import { WRITE_KEY_OPERATIONS } from "./tracking-operations";
import { OWNED_OPERATIONS } from "./owned-operations";
import { ACTIVITY_OPERATIONS } from "./activity-operations";
import { POPUP_OPERATIONS } from "./popup-operations";
import { NOTIFICATION_OPERATIONS } from "./notification-operations";
import { DIGEST_OPERATIONS } from "./digest-operations";
import { CAMPAIGN_SEARCH_PARAMETERS, REPORT_PARAMETERS, WORKSPACE_QUERY_PARAMETER, type QueryParameter } from "./report-parameters";

// Every documented endpoint, one entry each. The document (document.ts) derives path
// parameters, security and the error responses that apply from these few facts.

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

export const TAGS = [
  { name: "Reports", description: "KPI reports over the workspace's sales, ad and traffic rollups, as JSON or CSV." },
  { name: "Customers", description: "The workspace's customers, merged across store ids and emails: their first orders, value so far and predicted lifetime value." },
  { name: "Tags", description: "Customer tags set by hand, from a CSV or by rules over the customers' figures, with who has each and since when." },
  { name: "Audiences", description: "Tags as audiences: their members page by page, and a CSV export with emails for admins. A tag made by a rule is the saved segment." },
  { name: "Funnels", description: "Saved funnels: ordered steps over tracked events, their conversion window and what is counted." },
  { name: "Identity", description: "Visitors of the store's pages, the customers they resolve to, merges of customers found to be one person, and erasure of a customer's tracking data." },
  { name: "Dashboards", description: "Dashboards, their widgets and the widgets' grid layout." },
  { name: "Alerts", description: "Alert rules on metrics and connections, the incidents they open, mute and snooze." },
  { name: "Imports", description: "Load orders and ad spend from files, for stores and ad accounts without a connector." },
  { name: "Connections", description: "The stores and ad accounts a workspace syncs from: how fresh their data is, and syncs on demand." },
  { name: "Workspaces", description: "Who is calling, the workspaces they can see, a workspace and its members." },
  { name: "Tracking", description: "First-party event collection: write keys for browsers and the Shopify web pixel, and the event API." },
  { name: "Digests", description: "Scheduled summaries of the workspace's numbers (yesterday, last week or last month) sent to its notification destinations, with previews and send now." },
  { name: "Notifications", description: "Where digests and alerts are sent (email, Slack, WeCom, DingTalk, Lark, Teams, signed webhooks), the delivery log and replays." },
  { name: "Messages", description: "Owned channels: campaigns, flows and templates, per-recipient sends, blocked sends, unsubscribes, and messages prepared with tracked links and an open pixel." },
  { name: "Exports", description: "The workspace's data as CSV files in a zip, built in the background and downloaded through a signed link." },
  { name: "Audit", description: "The workspace's audit trail for admins: who changed what and when, filtered, paged or as CSV." },
  { name: "Operations", description: "For the people running Signalboard, not for workspaces: the Prometheus metrics endpoint, authenticated by the installation's METRICS_TOKEN." },
  { name: "Reference", description: "This document." },
] as const;

export type Tag = (typeof TAGS)[number]["name"];

/** A JSON body (a named schema), and/or a CSV file whose columns are listed. */
export type Body = { schema?: SchemaName; description?: string; csvColumns?: readonly Column[]; optional?: true };

export type Operation = {
  method: HttpMethod;
  path: string;
  tag: Tag;
  operationId: string;
  summary: string;
  description: string;
  /** The lowest role allowed; null for a public endpoint (or one for operators, with `operatorToken`). */
  role: Role | null;
  /** An operators' endpoint: a Bearer token the installation sets in this environment variable, not an API key. */
  operatorToken?: "METRICS_TOKEN";
  query?: QueryParameter[];
  body?: Body;
  success: { status: 200 | 201 | 202 | 204; description: string; schema?: SchemaName; csv?: boolean | string; example?: unknown; text?: { contentType: string; description: string; example?: string } };
  /** Answers beside the success and the standard errors. */
  otherResponses?: readonly { status: number; description: string; schema?: SchemaName }[];
};

const WS = "/api/v1/workspaces/{slug}";
const DASHBOARD = `${WS}/dashboards/{id}`;
const WIDGET = `${DASHBOARD}/widgets/{widgetId}`;
const CONNECTION = `${WS}/connections/{id}`;
const ALERT_RULE = `${WS}/alerts/rules/{id}`;

const ALERT_RULE_DESCRIPTION =
  "A metric rule watches a registry metric (with optional channel and platform filters) for today so far (judged hourly and after each sync, against the same time of day " +
  "on past days; sales and customer metrics only, except thresholds) or for complete days (judged once a day after the day's syncs). Methods: `threshold` (above or below " +
  "`params.value`), `change` (`params.percent` vs the average of the same weekday over the last 4 weeks, in `params.direction`), `anomaly` (a robust z-score against " +
  "the weekday's median, spread 1.4826 x MAD, at `params.sensitivity` low/medium/high = 4/3/2). An integration rule runs a `check` on every connection. " +
  "One message per incident: when it opens, when its deviation grows by half again, and when it resolves; `muted` and `snoozed_until` hold messages back.";

const REPORT_DESCRIPTION =
  "Metrics over a range of days in the workspace's time zone, optionally broken down and compared. Money values are decimal strings in `currency`, " +
  "rounded half away from zero to its minor units (`119225.14` USD, `1245` JPY); ratios and percentages (as fractions) are decimal strings with exactly 4 places " +
  "(`2.0000`, `0.0125` = 1.25 %); null means n/a (a zero denominator). With `format=csv` the same values come as a spreadsheet.";

const IMPORT_QUERY: QueryParameter[] = [
  { name: "dry_run", in: "query", required: false, description: "`true` validates and counts without writing anything.", schema: { type: "boolean", default: false } },
  { name: "partial", in: "query", required: false, description: "`true` loads the valid rows even when others have errors; by default an upload with any error loads nothing.", schema: { type: "boolean", default: false } },
  { name: "file_name", in: "query", required: false, description: "The uploaded file's name, kept with the import's record.", schema: { type: "string", maxLength: 255 } },
];

const IMPORTS = {
  orders: {
    operationId: "importOrders", summary: "Import orders", what: "orders with their line items", schema: "OrderImport", columns: ORDER_COLUMNS,
    body: "JSON: one object per order with its line_items. CSV: one line item per row; rows with the same order_id make one order.",
  },
  "ad-spend": {
    operationId: "importAdSpend", summary: "Import ad spend", what: "daily ad spend per campaign", schema: "AdSpendImport", columns: AD_SPEND_COLUMNS,
    body: "One row per campaign and day.",
  },
  "owned-sends": {
    operationId: "importOwnedSends", summary: "Import message sends", what: "owned-channel message sends (email, SMS, push, chat), one per recipient", schema: "OwnedSendImport", columns: OWNED_SEND_COLUMNS,
    body:
      "One row per send. The campaigns, flows and messages the rows name are defined from them (source csv: their own id space, apart from the messages API's). " +
      "Emails and phones (normalised to E.164) are kept only as keyed hashes; a send_id sent again updates its send.",
  },
} as const;

/** An import by API key (/api/v1/imports/...) and the same addressed by workspace slug. */
function importOperations(kind: keyof typeof IMPORTS): Operation[] {
  const spec = IMPORTS[kind];
  const description =
    `Upload ${spec.what} as CSV (Content-Type: text/csv, a header row naming the columns below) or as JSON (Content-Type: application/json, \`{"rows": [...]}\`). ` +
    "Rows are upserted by their ids, so uploading the same data twice changes nothing, and the days they touch are recomputed in reports.";
  const shared = {
    method: "post", tag: "Imports", role: "member", summary: spec.summary, query: IMPORT_QUERY,
    body: { schema: spec.schema, description: spec.body, csvColumns: spec.columns },
    success: { status: 200, description: "What was read and loaded.", schema: "ImportResult" },
    otherResponses: [
      { status: 415, description: "The body is neither text/csv nor application/json.", schema: "Error" },
      { status: 422, description: "Rows with errors, listed by row and column; nothing was loaded (unless partial=true).", schema: "ImportResult" },
    ],
  } as const;
  return [
    { ...shared, path: `/api/v1/imports/${kind}`, operationId: spec.operationId, description: `${description} The API key names the workspace.` },
    {
      ...shared, path: `${WS}/imports/${kind}`, operationId: `${spec.operationId}ToWorkspace`, summary: `${spec.summary} into a workspace`,
      description: `${description} Addressed by the workspace's slug.`,
    },
  ];
}

export const OPERATIONS: readonly Operation[] = [
  {
    method: "get", path: "/api/v1/reports/kpi", tag: "Reports", operationId: "getKpiReport", role: "viewer",
    summary: "KPI report", description: `${REPORT_DESCRIPTION} The API key names the workspace.`,
    query: [...REPORT_PARAMETERS, WORKSPACE_QUERY_PARAMETER],
    success: { status: 200, description: "The report.", schema: "Report", csv: true },
  },
  {
    method: "get", path: `${WS}/reports/kpi`, tag: "Reports", operationId: "getWorkspaceKpiReport", role: "viewer",
    summary: "KPI report of a workspace", description: `${REPORT_DESCRIPTION} The same report, addressed by the workspace's slug.`,
    query: REPORT_PARAMETERS,
    success: { status: 200, description: "The report.", schema: "Report", csv: true },
  },
  {
    method: "get", path: `${WS}/reports/cohorts`, tag: "Reports", operationId: "getCohortReport", role: "viewer",
    summary: "Cohort report",
    description:
      "Customers grouped by the week, month or quarter of their first order (workspace time zone), or with `cohort_by` by a segment of their first order, " +
      "and what they did in each later period: size, active customers and retention, orders, repeat rate, cumulative net sales per customer (LTV), " +
      "cumulative gross profit per customer, net sales and AOV (net sales / orders, so net of discounts and returns). Periods after today's are absent, not 0; " +
      "ratios with a zero denominator are null. With `cohort_by`, offset k sums only the cohorts in the range whose period k has started, so young cohorts do not drag a curve down. " +
      "CAC is the acquisition period's ad spend (all platforms, or a channel's with segment or cohort_by `channel`) in the workspace currency / cohort size, null without spend; " +
      "payback is the first offset whose cumulative gross profit per customer reaches it. Read from the cohort rollup, never raw orders.",
    query: COHORT_PARAMETERS,
    success: {
      status: 200, description: "The cohorts.", schema: "CohortReport", example: COHORT_EXAMPLE,
      csv: "A header row (`cohort` or the cohort_by segment, label, customers, ad_spend, cac, ltv_cac_3m, ltv_cac_6m, ltv_cac_12m, payback_offset, then `<metric> <offset>` per offset), one line per row, then a `total` line for cohorts of a period. An offset a row has not reached is empty.",
    },
  },
  {
    method: "get", path: `${WS}/reports/ltv-drivers`, tag: "Reports", operationId: "getLtvDrivers", role: "viewer",
    summary: "LTV drivers",
    description:
      "First-order products, product groups, channels and discount codes ranked by the mean net sales of the customers they brought within 90, 180 or 365 days " +
      "of the first order (only customers whose window has passed), with a 95% confidence interval of the mean (normal approximation, sample standard deviation) " +
      "for groups of at least 30 customers. A group whose interval holds the overall mean is not distinguishable from it.",
    query: LTV_DRIVER_PARAMETERS,
    success: { status: 200, description: "The groups of each dimension, best first.", schema: "LtvDrivers", example: LTV_DRIVERS_EXAMPLE },
  },
  {
    method: "get", path: `${WS}/campaigns`, tag: "Reports", operationId: "listCampaigns", role: "viewer",
    summary: "Find campaigns",
    description: "The workspace's ad campaigns by name, with their platform: the values the reports' `campaign` filter takes.",
    query: CAMPAIGN_SEARCH_PARAMETERS,
    success: { status: 200, description: "Matching campaigns, by name.", schema: "CampaignList" },
  },
  {
    method: "get", path: `${WS}/customers`, tag: "Customers", operationId: "listCustomers", role: "viewer",
    summary: "List customers",
    description:
      "One row per customer (store customer ids merged by email), with the first order's day, channel and products, orders, net sales and gross profit " +
      "(in `currency`, returns on the workspace's revenue basis), the last order, and the LTV model's predicted 12-month LTV and probability of being active (null until a model is fitted). " +
      "Emails are masked. Filter by a search, a cohort cell (`cohort`, `grain`, `active_offset`) or a segment; an unknown parameter or value is a 400 naming it.",
    query: CUSTOMER_LIST_QUERY,
    success: {
      status: 200, description: "A page of customers and how many match.", schema: "CustomerList", example: CUSTOMER_LIST_EXAMPLE,
      csv: "A header row (money columns name the currency, e.g. `net_sales (USD)`), then one line per customer.",
    },
  },
  {
    method: "get", path: `${WS}/customers/{id}`, tag: "Customers", operationId: "getCustomer", role: "viewer",
    summary: "Get a customer",
    description:
      "A customer's profile: the list's facts, every store id merged into it, tags and country, net sales within 90, 180 and 365 days of the first order, " +
      "the predicted revenue over the next 90, 180 and 365 days (null until a model is fitted), and its orders and refunds. The email is whole for members and above, masked for viewers.",
    success: { status: 200, description: "The customer.", schema: "CustomerProfile", example: CUSTOMER_PROFILE_EXAMPLE },
  },
  {
    method: "get", path: `${WS}/models/ltv`, tag: "Customers", operationId: "getLtvModel", role: "viewer",
    summary: "Get the LTV model",
    description:
      "The workspace's predicted-LTV model (BG/NBD for purchases and dropout, Gamma-Gamma for spend; a transaction is a day with an order, times in weeks): " +
      "its parameters, when and on how many customers it was fitted, and a backtest on the workspace's own history (fitted before the last 90 days when 180 days precede them, " +
      "then predicted beside actual orders and revenue overall, by decile of predicted value and by month cohort, with the MAPE of cohort totals and of the deciles), " +
      "and each month cohort's predicted 12-month LTV. Before the first fit the answer is 200 with `status: \"none\"`; too little data is `not_enough_data` with the reason and the minimums.",
    success: { status: 200, description: "The model.", schema: "LtvModel", example: LTV_MODEL_EXAMPLE },
  },
  {
    method: "post", path: `${WS}/models/ltv/fit`, tag: "Customers", operationId: "fitLtvModel", role: "admin",
    summary: "Fit the LTV model now",
    description:
      "Queues a fit of the model on the workspace's customers and answers at once (asks within the same minute are one fit). " +
      "Poll the model until its `fitted_at` is at or after `requested_at`. The body is optional: nothing or `{}`.",
    body: { schema: "LtvFitRequest", optional: true },
    success: { status: 202, description: "The fit is queued.", schema: "LtvFitAccepted", example: LTV_FIT_ACCEPTED_EXAMPLE },
  },
  ...IDENTITY_OPERATIONS,
  ...FUNNEL_OPERATIONS,
  ...ATTRIBUTION_OPERATIONS,
  ...JOURNEY_OPERATIONS,
  {
    method: "get", path: `${WS}/alerts/rules`, tag: "Alerts", operationId: "listAlertRules", role: "viewer",
    summary: "List alert rules", description: ALERT_RULE_DESCRIPTION,
    success: { status: 200, description: "The rules, oldest first.", schema: "AlertRuleList" },
  },
  {
    method: "post", path: `${WS}/alerts/rules`, tag: "Alerts", operationId: "createAlertRule", role: "member",
    summary: "Create an alert rule", description: `${ALERT_RULE_DESCRIPTION} An unknown metric is refused with a 400 naming it.`,
    body: { schema: "AlertRuleInput" },
    success: { status: 201, description: "The new rule.", schema: "AlertRule" },
  },
  {
    method: "get", path: ALERT_RULE, tag: "Alerts", operationId: "getAlertRule", role: "viewer",
    summary: "Get an alert rule", description: "One rule.", success: { status: 200, description: "The rule.", schema: "AlertRule" },
  },
  {
    method: "patch", path: ALERT_RULE, tag: "Alerts", operationId: "updateAlertRule", role: "member",
    summary: "Change an alert rule", description: "The fields sent replace the stored ones; the result is validated as a whole rule.",
    body: { schema: "AlertRuleUpdate" },
    success: { status: 200, description: "The rule.", schema: "AlertRule" },
  },
  {
    method: "delete", path: ALERT_RULE, tag: "Alerts", operationId: "deleteAlertRule", role: "member",
    summary: "Delete an alert rule", description: "The rule and its incidents.", success: { status: 204, description: "Deleted." },
  },
  {
    method: "post", path: `${ALERT_RULE}/silence`, tag: "Alerts", operationId: "silenceAlertRule", role: "member",
    summary: "Mute or snooze an alert rule",
    description: "`muted: true` stops its messages until unmuted; `snoozed_until` stops them until that time (null ends a snooze). Incidents are still recorded; one still open when a snooze ends is announced then.",
    body: { schema: "AlertSilence" },
    success: { status: 200, description: "The rule.", schema: "AlertRule" },
  },
  {
    method: "post", path: `${WS}/alerts/preview`, tag: "Alerts", operationId: "previewAlertRule", role: "viewer",
    summary: "Preview an alert rule",
    description: "Judges a rule (saved or not) now, without recording anything: what it would say, the message it would send, and the last 8 weeks of its metric with the band its method considers normal.",
    body: { schema: "AlertRuleInput" },
    success: { status: 200, description: "The judgement.", schema: "AlertPreview" },
  },
  {
    method: "get", path: `${WS}/alerts/incidents`, tag: "Alerts", operationId: "listAlertIncidents", role: "viewer",
    summary: "List incidents", description: "Open incidents first, then the most recent.",
    query: [
      { name: "state", in: "query", required: false, description: "`open` or `resolved`.", schema: { type: "string", enum: ["open", "resolved"] } },
      { name: "rule_id", in: "query", required: false, description: "Only this rule's.", schema: { type: "string" } },
      { name: "limit", in: "query", required: false, description: "At most this many (default 100, at most 500).", schema: { type: "integer", minimum: 1, maximum: 500 } },
    ],
    success: { status: 200, description: "The incidents.", schema: "AlertIncidentList" },
  },
  {
    method: "get", path: `${WS}/dashboards`, tag: "Dashboards", operationId: "listDashboards", role: "viewer",
    summary: "List dashboards", description: "The workspace's dashboards in their order, without widgets.",
    success: { status: 200, description: "The dashboards.", schema: "DashboardList" },
  },
  {
    method: "post", path: `${WS}/dashboards`, tag: "Dashboards", operationId: "createDashboard", role: "member",
    summary: "Create a dashboard", description: "An empty dashboard, placed last.",
    body: { schema: "DashboardCreate" },
    success: { status: 201, description: "The new dashboard.", schema: "Dashboard" },
  },
  {
    method: "get", path: DASHBOARD, tag: "Dashboards", operationId: "getDashboard", role: "viewer",
    summary: "Get a dashboard", description: "A dashboard with its widgets. A widget whose stored configuration no longer applies (a deleted product group) carries a `problem`.",
    success: { status: 200, description: "The dashboard.", schema: "Dashboard" },
  },
  {
    method: "patch", path: DASHBOARD, tag: "Dashboards", operationId: "updateDashboard", role: "member",
    summary: "Rename a dashboard or make it the default", description: "Only the fields sent change.",
    body: { schema: "DashboardUpdate" },
    success: { status: 200, description: "The dashboard.", schema: "Dashboard" },
  },
  {
    method: "delete", path: DASHBOARD, tag: "Dashboards", operationId: "deleteDashboard", role: "member",
    summary: "Delete a dashboard", description: "Deletes the dashboard and its widgets.",
    success: { status: 204, description: "Deleted." },
  },
  {
    method: "post", path: `${DASHBOARD}/duplicate`, tag: "Dashboards", operationId: "duplicateDashboard", role: "member",
    summary: "Duplicate a dashboard", description: "A copy of the dashboard with all its widgets, placed last. The body is optional.",
    body: { schema: "DashboardDuplicate", optional: true },
    success: { status: 201, description: "The copy.", schema: "Dashboard" },
  },
  {
    method: "post", path: `${DASHBOARD}/widgets`, tag: "Dashboards", operationId: "addWidget", role: "member",
    summary: "Add a widget", description: "Adds a widget; its metrics must be ids the workspace can use.",
    body: { schema: "WidgetInput" },
    success: { status: 201, description: "The new widget.", schema: "Widget" },
  },
  {
    method: "patch", path: WIDGET, tag: "Dashboards", operationId: "updateWidget", role: "member",
    summary: "Change a widget", description: "Only the fields sent change.",
    body: { schema: "WidgetUpdate" },
    success: { status: 200, description: "The widget.", schema: "Widget" },
  },
  {
    method: "delete", path: WIDGET, tag: "Dashboards", operationId: "deleteWidget", role: "member",
    summary: "Remove a widget", description: "Removes the widget from its dashboard.",
    success: { status: 204, description: "Removed." },
  },
  {
    method: "put", path: `${DASHBOARD}/layout`, tag: "Dashboards", operationId: "saveLayout", role: "member",
    summary: "Save the layout", description: "Positions and sizes of the dashboard's widgets on its 12-column grid, all at once.",
    body: { schema: "LayoutUpdate" },
    success: { status: 200, description: "The dashboard.", schema: "Dashboard" },
  },
  {
    method: "get", path: `${WS}/tracking/live`, tag: "Tracking", operationId: "getTrackingLive", role: "viewer",
    summary: "Watch events arrive",
    description:
      "What the live view shows: each write key's last stored event and its last hour of events by name, the last 50 events stored (newest first), " +
      "and the setup checklist, each step judged from stored events (a snippet event, a web pixel event, a checkout_completed, a checkout_completed naming a synced order). " +
      "Events appear once the drain has stored them, normally within seconds of their acknowledgement. Meant to be polled every few seconds.",
    success: { status: 200, description: "The live view.", schema: "TrackingLiveView" },
  },
  {
    method: "get", path: `${WS}/connections`, tag: "Connections", operationId: "listConnections", role: "viewer",
    summary: "List connections",
    description:
      "Every connection of the workspace, oldest first, disconnected ones included, with what a caller needs before pulling data: " +
      "when the last sync succeeded, when the next is due, why the last one failed, whether an admin must reconnect, and the sync in progress with its progress. " +
      "Credentials and settings are never returned.",
    success: { status: 200, description: "The connections.", schema: "ConnectionList" },
  },
  {
    method: "post", path: `${CONNECTION}/sync`, tag: "Connections", operationId: "requestConnectionSync", role: "admin",
    summary: "Start a sync",
    description:
      'Queues a sync of the connection and answers at once; poll the list for its progress. `{"kind": "incremental"}` (also what an empty body means) pulls what changed; ' +
      '`{"kind": "backfill"}` re-pulls the full history; `{"kind": "backfill", "from": "2026-01-01", "to": "2026-01-31"}` re-pulls those days of the workspace\'s time zone ' +
      "(as a run of kind `manual`). An unfinished incremental or full backfill is reused rather than started twice; a dated re-sync always starts a new run.",
    body: { schema: "SyncRequest", optional: true },
    success: { status: 202, description: "The run that will do the work.", schema: "SyncAccepted" },
    otherResponses: [{ status: 409, description: "The connection is disconnected, or needs an admin to reconnect it before it can sync.", schema: "Error" }],
  },
  ...importOperations("orders"),
  ...importOperations("ad-spend"),
  ...importOperations("owned-sends"),
  {
    method: "get", path: "/api/v1/me", tag: "Workspaces", operationId: "getMe", role: "viewer",
    summary: "Who am I",
    description:
      "The caller: for an API key, the key (its name and when the secret used stops working), its workspace and its effective role, the lower of the key's own " +
      "role and its creator's current one; for a signed-in session, the person, and with `?workspace=<slug>` that workspace and their role in it (404 if they are not a member).",
    query: [{ ...WORKSPACE_QUERY_PARAMETER, description: "A workspace's slug, for a signed-in session to learn its role there; ignored for an API key." }],
    success: { status: 200, description: "The caller.", schema: "Me" },
  },
  {
    method: "get", path: "/api/v1/workspaces", tag: "Workspaces", operationId: "listWorkspaces", role: "viewer",
    summary: "List the caller's workspaces",
    description: "The workspaces the caller can see, each with the caller's effective role: a session's memberships, by name; an API key's own workspace only.",
    success: { status: 200, description: "The workspaces.", schema: "WorkspaceList" },
  },
  {
    method: "get", path: WS, tag: "Workspaces", operationId: "getWorkspace", role: "viewer",
    summary: "Get the workspace", description: "The workspace and the caller's role in it.",
    success: { status: 200, description: "The workspace.", schema: "Workspace" },
  },
  {
    method: "patch", path: WS, tag: "Workspaces", operationId: "updateWorkspace", role: "admin",
    summary: "Update the workspace", description: "Change its name, address (slug), reporting time zone or currency. Only the fields sent change.",
    body: { schema: "WorkspaceUpdate" },
    success: { status: 200, description: "The workspace.", schema: "WorkspaceUpdated" },
  },
  {
    method: "get", path: `${WS}/members`, tag: "Workspaces", operationId: "listMembers", role: "viewer",
    summary: "List members", description: "Members and their roles.",
    success: { status: 200, description: "The members.", schema: "MemberList" },
  },
  ...WRITE_KEY_OPERATIONS,
  ...NOTIFICATION_OPERATIONS,
  ...DIGEST_OPERATIONS,
  ...EXCEPTION_OPERATIONS,
  ...AUDIENCE_OPERATIONS,
  ...EXPORT_OPERATIONS,
  ...AUDIT_OPERATIONS,
  ...OWNED_REPORT_OPERATIONS,
  ...CREATIVE_OPERATIONS,
  ...OWNED_OPERATIONS,
  ...ACTIVITY_OPERATIONS,
  ...POPUP_OPERATIONS,
  ...DOUPLUS_OPERATIONS,
  ...TAG_OPERATIONS,
  {
    method: "get", path: "/api/metrics", tag: "Operations", operationId: "getMetrics", role: null, operatorToken: "METRICS_TOKEN",
    summary: "Prometheus metrics",
    description:
      "The operations measures in the Prometheus text exposition format, read fresh on each scrape: job queue depth and age, sync lag and connections per provider, " +
      "ingest rates, delivery failures, the report latency histogram (`signalboard_report_duration_seconds` by `kind` and `outcome`, kept by each process since it started), " +
      "and the service levels (`signalboard_slo_objective`, `signalboard_slo_error_budget_remaining`, `signalboard_slo_burn_rate` by `window`). " +
      "docs/observability.md lists every metric.",
    success: {
      status: 200, description: "The metrics.",
      text: {
        contentType: "text/plain; version=0.0.4; charset=utf-8",
        description: "Prometheus text format: # HELP and # TYPE lines, then one sample per line.",
        example: '# HELP signalboard_slo_objective The share of good events an objective promises over the month\n# TYPE signalboard_slo_objective gauge\nsignalboard_slo_objective{objective="availability"} 0.9995\n',
      },
    },
    otherResponses: [
      { status: 401, description: "No token, or not the installation's METRICS_TOKEN (`Authorization: Bearer <token>`)." },
      { status: 404, description: "METRICS_TOKEN is not set: the endpoint is off." },
    ],
  },
  {
    method: "get", path: "/api/v1/openapi.json", tag: "Reference", operationId: "getOpenApiDocument", role: null,
    summary: "This document", description: "The OpenAPI 3.1 description of the API, rendered for people at /docs/api.",
    success: { status: 200, description: "The document." },
  },
];
