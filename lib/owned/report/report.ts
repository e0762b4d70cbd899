import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { formatFixed, SCALE_DIGITS, type Dec } from "@/lib/metrics/definitions/decimal";
import { customerIdOf } from "@/lib/customers/customer-id";
import { currencyDecimals } from "@/lib/metrics/report/precision";
import { INLINE_DAYS, refreshOwnedDays } from "./daily";
import { knownCustomerKeySql } from "./member";
import { platformTotals, type TPlatformTotalsRow } from "./platform-totals";
import { rate } from "./rate";
import type { TOwnedReportQuery } from "./query";
import { requestOwnedReportRefresh } from "./request";

// The owned-channel performance report over a send-date range: every figure belongs to the sends
// of the range (an open or order days later counts for its send's day). Sends exclude test sends
// and prepared rows. Rules, as on the page:
// - opens: sends with a pixel open no machine fetched, or a human click (an image-blocked read);
// - clicks: sends with a human click (the visitor did something from 2:00 before to 5:00 after);
// - machine: sends whose pixel or links a privacy proxy or scanner fetched, shown apart;
// - conversions: orders attributed to an open, a click or a session of these sends; member or
//   anonymous by the order's visitor as it resolves now.

export type TOwnedReportRow = {
  channel: string;
  campaign_id: string;
  campaign: string;
  kind: string;
  template_id: string | null;
  template: string | null;
  sends: number;
  delivered: number;
  failed: number;
  delivery_rate: number | null;
  blocked: number;
  blocked_by_reason: Record<string, number>;
  opens: number;
  open_rate: number | null;
  clicks: number;
  click_rate: number | null;
  machine_opens: number;
  machine_clicks: number;
  unsubscribes: number;
  unsubscribe_rate: number | null;
  complaints: number;
  conversions: Record<TConversionKind, TConversionFigures>;
};
export type TConversionKind = "open" | "click" | "session";
export type TConversionFigures = { count: number; rate: number | null; revenue: string; member: number; anonymous: number };
export type TOwnedReport = {
  date_from: string; date_to: string; currency: string; group_by: string; rows: TOwnedReportRow[]; totals: Omit<TOwnedReportRow, "channel" | "campaign_id" | "campaign" | "kind" | "template_id" | "template">;
  /** Days of the range whose sums are still marked after the bounded inline rebuild (the job has them). */
  pending_days: number;
  /** A platform's own figures for messages without stored sends (./platform-totals.ts): apart, never in rows or totals. */
  platform_totals: TPlatformTotalsRow[];
};

const KINDS: TConversionKind[] = ["open", "click", "session"];

// The send set's filters, shared by every statement (and the cost overview, which takes test
// sends too): $1 workspace, $2/$3 days, $4 channel, $5 campaign, $6 template, $7 folder.
export const SENT_IN_RANGE_FILTER = `
  s.workspace_id = $1 AND s.sent_day BETWEEN $2::date AND $3::date AND s.status <> 'prepared'
  AND ($4::text IS NULL OR s.channel = $4) AND ($5::text IS NULL OR s.campaign_id = $5) AND ($6::text IS NULL OR s.template_id = $6)
  AND ($7::text IS NULL OR EXISTS (SELECT 1 FROM owned_campaigns f WHERE f.workspace_id = s.workspace_id AND f.id = s.campaign_id AND f.folder_id = $7))`;
const SEND_FILTER = `${SENT_IN_RANGE_FILTER} AND NOT s.is_test`;

const groupKey = (byTemplate: boolean, s = "s") => (byTemplate ? `${s}.channel, ${s}.campaign_id, ${s}.template_id` : `${s}.channel, ${s}.campaign_id, NULL::text AS template_id`);
const groupBy = (byTemplate: boolean, s = "s") => (byTemplate ? `${s}.channel, ${s}.campaign_id, ${s}.template_id` : `${s}.channel, ${s}.campaign_id`);

// The per-send figures come summed per day and message (./daily.ts), a few changed days rebuilt
// first and the rest by the refresh job; filtered like the sends.
const sendsSql = (byTemplate: boolean) => `
SELECT ${groupKey(byTemplate, "d")},
  sum(d.sends)::int AS sends, sum(d.delivered)::int AS delivered, sum(d.failed)::int AS failed, sum(d.opens)::int AS opens,
  sum(d.clicks)::int AS clicks, sum(d.machine_opens)::int AS machine_opens, sum(d.machine_clicks)::int AS machine_clicks,
  sum(d.unsubscribes)::int AS unsubscribes, sum(d.complaints)::int AS complaints
FROM owned_report_daily d
WHERE d.workspace_id = $1 AND d.day BETWEEN $2::date AND $3::date
  AND ($4::text IS NULL OR d.channel = $4) AND ($5::text IS NULL OR d.campaign_id = $5) AND ($6::text IS NULL OR d.template_id = $6)
  AND ($7::text IS NULL OR EXISTS (SELECT 1 FROM owned_campaigns f WHERE f.workspace_id = d.workspace_id AND f.id = d.campaign_id AND f.folder_id = $7))
GROUP BY ${groupBy(byTemplate, "d")}`;

// Driven from the conversions (about one per hundred sends), each looking its send up by key,
// rather than from the range's sends: the send's filters are the same (LIMIT 1 keeps the planner
// from turning the lookup back into a scan of the range; a send id names one send).
const conversionsSql = (byTemplate: boolean) => `
SELECT ${groupKey(byTemplate)}, cv.kind,
  count(*)::int AS count,
  COALESCE(sum(cv.revenue_minor), 0)::text AS revenue_minor,
  count(*) FILTER (WHERE (${knownCustomerKeySql("v")}) IS NOT NULL)::int AS member
FROM owned_conversions cv
CROSS JOIN LATERAL (SELECT s.channel, s.campaign_id, s.template_id FROM owned_sends s WHERE s.workspace_id = cv.workspace_id AND s.id = cv.send_id AND ${SEND_FILTER} LIMIT 1) s
LEFT JOIN visitors v ON v.workspace_id = cv.workspace_id AND v.anonymous_id = cv.anonymous_id
WHERE cv.workspace_id = $1
GROUP BY ${groupBy(byTemplate)}, cv.kind`;

// Blocked sends are counted per node and local day, never as sends: filtered the same way.
const blockedSql = (byTemplate: boolean) => `
SELECT c.channel, b.campaign_id, ${byTemplate ? "b.template_id" : "NULL::text AS template_id"}, b.reason, sum(b.count)::int AS count
FROM owned_blocked_sends b
JOIN owned_campaigns c ON c.workspace_id = b.workspace_id AND c.id = b.campaign_id
WHERE b.workspace_id = $1 AND b.day BETWEEN $2::date AND $3::date
  AND ($4::text IS NULL OR c.channel = $4) AND ($5::text IS NULL OR b.campaign_id = $5) AND ($6::text IS NULL OR b.template_id = $6)
  AND ($7::text IS NULL OR c.folder_id = $7)
GROUP BY c.channel, b.campaign_id, ${byTemplate ? "b.template_id, " : ""}b.reason`;

type TSendAgg = { channel: string; campaign_id: string; template_id: string | null; sends: number; delivered: number; failed: number; opens: number; clicks: number; machine_opens: number; machine_clicks: number; unsubscribes: number; complaints: number };
type TConvAgg = { channel: string; campaign_id: string; template_id: string | null; kind: TConversionKind; count: number; revenue_minor: string; member: number };
type TBlockedAgg = { channel: string; campaign_id: string; template_id: string | null; reason: string; count: number };


const money = (minor: bigint, currency: string): string => {
  const places = currencyDecimals(currency);
  return formatFixed((minor as Dec) * 10n ** BigInt(SCALE_DIGITS - places), places);
};

const keyOf = (r: { channel: string; campaign_id: string; template_id: string | null }) => `${r.channel}\u001f${r.campaign_id}\u001f${r.template_id ?? ""}`;

type TCounts = { sends: number; delivered: number; failed: number; blocked: number; blockedByReason: Record<string, number>; opens: number; clicks: number; machine_opens: number; machine_clicks: number; unsubscribes: number; complaints: number; conv: Record<TConversionKind, { count: number; revenue: bigint; member: number }> };
const emptyCounts = (): TCounts => ({
  sends: 0, delivered: 0, failed: 0, blocked: 0, blockedByReason: {}, opens: 0, clicks: 0, machine_opens: 0, machine_clicks: 0, unsubscribes: 0, complaints: 0,
  conv: { open: { count: 0, revenue: 0n, member: 0 }, click: { count: 0, revenue: 0n, member: 0 }, session: { count: 0, revenue: 0n, member: 0 } },
});

/**
 * The figures of one row. Rates: delivery = delivered / sends; open and click rate = unique
 * opens / clicks per delivered send; open-, click- and session-conversion rates = those
 * conversions per unique open, per unique human click, and per unique human click.
 */
function figures(c: TCounts, currency: string): TOwnedReport["totals"] {
  const conversion = (kind: TConversionKind, base: number): TConversionFigures => ({
    count: c.conv[kind].count,
    rate: rate(c.conv[kind].count, base),
    revenue: money(c.conv[kind].revenue, currency),
    member: c.conv[kind].member,
    anonymous: c.conv[kind].count - c.conv[kind].member,
  });
  return {
    sends: c.sends,
    delivered: c.delivered,
    failed: c.failed,
    delivery_rate: rate(c.delivered, c.sends),
    blocked: c.blocked,
    blocked_by_reason: c.blockedByReason,
    opens: c.opens,
    open_rate: rate(c.opens, c.delivered),
    clicks: c.clicks,
    click_rate: rate(c.clicks, c.delivered),
    machine_opens: c.machine_opens,
    machine_clicks: c.machine_clicks,
    unsubscribes: c.unsubscribes,
    unsubscribe_rate: rate(c.unsubscribes, c.delivered),
    complaints: c.complaints,
    conversions: { open: conversion("open", c.opens), click: conversion("click", c.clicks), session: conversion("session", c.clicks) },
  };
}

function addInto(target: TCounts, from: TCounts) {
  for (const k of ["sends", "delivered", "failed", "blocked", "opens", "clicks", "machine_opens", "machine_clicks", "unsubscribes", "complaints"] as const) target[k] += from[k];
  for (const [reason, n] of Object.entries(from.blockedByReason)) target.blockedByReason[reason] = (target.blockedByReason[reason] ?? 0) + n;
  for (const kind of KINDS) {
    target.conv[kind].count += from.conv[kind].count;
    target.conv[kind].revenue += from.conv[kind].revenue;
    target.conv[kind].member += from.conv[kind].member;
  }
}

export async function ownedReport(workspaceId: string, query: TOwnedReportQuery): Promise<TOwnedReport> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { currency: true, timeZone: true } });
  if (!workspace) throw new AppError("not_found", "Workspace not found.");
  const currency = workspace.currency.trim();
  const byTemplate = query.groupBy === "template";
  const params = [workspaceId, query.dateFrom, query.dateTo, query.channel, query.campaignId, query.templateId, query.folderId];
  // Bounded work in the request: a few changed days are rebuilt here, a longer backlog (after a
  // bulk load or import) is the job's, and the answer says how many days are still being updated.
  const { remaining } = await refreshOwnedDays(workspaceId, query.dateFrom, query.dateTo, INLINE_DAYS);
  if (remaining > 0) await requestOwnedReportRefresh(workspaceId);
  const pool = getPool();
  const [sends, conversions, blocked, platform] = await Promise.all([
    pool.query<TSendAgg>(sendsSql(byTemplate), params),
    pool.query<TConvAgg>(conversionsSql(byTemplate), params),
    pool.query<TBlockedAgg>(blockedSql(byTemplate), params),
    platformTotals(workspaceId, workspace.timeZone, query),
  ]);

  const groups = new Map<string, { channel: string; campaign_id: string; template_id: string | null; counts: TCounts }>();
  const groupOf = (r: { channel: string; campaign_id: string; template_id: string | null }) => {
    const key = keyOf(r);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { channel: r.channel, campaign_id: r.campaign_id, template_id: r.template_id, counts: emptyCounts() }));
    return g.counts;
  };
  for (const r of sends.rows) {
    const c = groupOf(r);
    for (const k of ["sends", "delivered", "failed", "opens", "clicks", "machine_opens", "machine_clicks", "unsubscribes", "complaints"] as const) c[k] = r[k];
  }
  for (const r of conversions.rows) {
    const c = groupOf(r).conv[r.kind];
    if (!c) continue;
    c.count += r.count;
    c.revenue += BigInt(r.revenue_minor);
    c.member += r.member;
  }
  for (const r of blocked.rows) {
    const c = groupOf(r);
    c.blocked += r.count;
    c.blockedByReason[r.reason] = (c.blockedByReason[r.reason] ?? 0) + r.count;
  }

  const names = await namesOf(workspaceId, [...groups.values()]);
  const total = emptyCounts();
  const rows: TOwnedReportRow[] = [];
  for (const g of groups.values()) {
    addInto(total, g.counts);
    const campaign = names.campaigns.get(g.campaign_id);
    rows.push({
      channel: g.channel,
      campaign_id: g.campaign_id,
      campaign: campaign?.name ?? "Removed campaign",
      kind: campaign?.kind ?? "campaign",
      template_id: g.template_id,
      template: g.template_id ? (names.templates.get(g.template_id) ?? "Removed message") : null,
      ...figures(g.counts, currency),
    });
  }
  rows.sort((a, b) => b.sends - a.sends || a.campaign.localeCompare(b.campaign) || (a.template ?? "").localeCompare(b.template ?? ""));
  return { date_from: query.dateFrom, date_to: query.dateTo, currency, group_by: query.groupBy, pending_days: remaining, rows, totals: figures(total, currency), platform_totals: platform };
}

/** The report's statements as the database runs them (EXPLAIN ANALYZE), for the benchmark. */
export async function explainOwnedReport(workspaceId: string, query: TOwnedReportQuery): Promise<string[]> {
  const byTemplate = query.groupBy === "template";
  const params = [workspaceId, query.dateFrom, query.dateTo, query.channel, query.campaignId, query.templateId, query.folderId];
  const lines: string[] = [];
  for (const [name, sql] of [["sends", sendsSql(byTemplate)], ["conversions", conversionsSql(byTemplate)], ["blocked", blockedSql(byTemplate)]] as const) {
    const { rows } = await getPool().query<{ "QUERY PLAN": string }>(`EXPLAIN ANALYZE ${sql}`, params);
    lines.push(`-- ${name}`, ...rows.map((r) => r["QUERY PLAN"]));
  }
  return lines;
}

async function namesOf(workspaceId: string, groups: { campaign_id: string; template_id: string | null }[]) {
  const campaignIds = [...new Set(groups.map((g) => g.campaign_id))];
  const templateIds = [...new Set(groups.flatMap((g) => (g.template_id ? [g.template_id] : [])))];
  const [campaigns, templates] = await Promise.all([
    db.ownedCampaign.findMany({ where: { workspaceId, id: { in: campaignIds } }, select: { id: true, name: true, kind: true } }),
    templateIds.length > 0 ? db.ownedTemplate.findMany({ where: { workspaceId, id: { in: templateIds } }, select: { id: true, name: true } }) : [],
  ]);
  return {
    campaigns: new Map(campaigns.map((c) => [c.id, { name: c.name, kind: c.kind }])),
    templates: new Map(templates.map((t) => [t.id, t.name])),
  };
}

/** At most this many converting orders are listed for a campaign (the newest). */
export const CONVERTERS_SHOWN = 200;

type TConverterRow = { order_id: string; order: string | null; order_at: Date; kind: TConversionKind; template: string | null; revenue_minor: string; person_key: string | null };

/** The orders a campaign's sends in the range led to, newest first, each member or anonymous as its visitor resolves now. */
export async function ownedConverters(workspaceId: string, query: TOwnedReportQuery): Promise<{ campaign_id: string; currency: string; converters: { order_id: string; order: string; ordered_at: string; kind: TConversionKind; template: string | null; revenue: string; status: "member" | "anonymous"; customer_id: string | null }[] }> {
  if (!query.campaignId) throw AppError.field("campaign", "campaign: name the campaign or flow whose converting customers to list.");
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { currency: true } });
  if (!workspace) throw new AppError("not_found", "Workspace not found.");
  const campaign = await db.ownedCampaign.findUnique({ where: { workspaceId_id: { workspaceId, id: query.campaignId } }, select: { id: true } });
  if (!campaign) throw new AppError("not_found", "Campaign not found.");
  const currency = workspace.currency.trim();
  const params = [workspaceId, query.dateFrom, query.dateTo, query.channel, query.campaignId, query.templateId, query.folderId, CONVERTERS_SHOWN];
  const { rows } = await getPool().query<TConverterRow>(
    `SELECT cv.order_id::text, o.name AS order, cv.order_at, cv.kind, t.name AS template, cv.revenue_minor::text, ${knownCustomerKeySql("v")} AS person_key
     FROM owned_conversions cv
     JOIN owned_sends s ON s.workspace_id = cv.workspace_id AND s.id = cv.send_id
     LEFT JOIN owned_templates t ON t.workspace_id = cv.workspace_id AND t.id = cv.template_id
     LEFT JOIN orders o ON o.workspace_id = cv.workspace_id AND o.connection_id = cv.connection_id AND o.external_id = cv.order_id
     LEFT JOIN visitors v ON v.workspace_id = cv.workspace_id AND v.anonymous_id = cv.anonymous_id
     WHERE cv.workspace_id = $1 AND ${SEND_FILTER}
     ORDER BY cv.order_at DESC, cv.order_id DESC, cv.kind
     LIMIT $8`,
    params,
  );
  return {
    campaign_id: query.campaignId,
    currency,
    converters: rows.map((r) => ({
      order_id: r.order_id,
      order: r.order ?? `#${r.order_id}`,
      ordered_at: r.order_at.toISOString(),
      kind: r.kind,
      template: r.template,
      revenue: money(BigInt(r.revenue_minor), currency),
      status: r.person_key ? ("member" as const) : ("anonymous" as const),
      customer_id: r.person_key ? customerIdOf(r.person_key) : null,
    })),
  };
}

/** The workspace's folders, for the report's filter. */
export async function ownedFolders(workspaceId: string): Promise<{ id: string; name: string }[]> {
  return db.ownedFolder.findMany({ where: { workspaceId }, select: { id: true, name: true }, orderBy: { name: "asc" } });
}

/** The campaign's name and kind, when it is this workspace's. */
export async function ownedCampaignName(workspaceId: string, campaignId: string): Promise<{ name: string; kind: string } | null> {
  return db.ownedCampaign.findUnique({ where: { workspaceId_id: { workspaceId, id: campaignId } }, select: { name: true, kind: true } });
}
