import { getPool } from "@/lib/db/pool";
import { runReport } from "@/lib/metrics/report/run";
import type { TReportRow } from "@/lib/metrics/report/types";
import { formatFixed, parseDecimal, divide, sub } from "@/lib/metrics/definitions/decimal";
import type { TCreativeQuery, TCreativeRow, TCreativeTable } from "./schema";

// Reads the ad breakdown through the report engine (so money is converted and rounded as every
// ad report's is) and joins each ad's name, status, thumbnail and campaign.

const METRICS = ["ad_spend", "impressions", "clicks", "ctr", "ad_conversions", "cpa", "ad_revenue", "roas"] as const;

type AdInfo = { ad_id: string; name: string; status: string | null; thumbnail_url: string | null; platform: string; campaign_id: string; campaign_name: string | null };

async function adsOf(workspaceId: string, adIds: string[]): Promise<Map<string, AdInfo>> {
  const { rows } = await getPool().query<AdInfo>(
    `SELECT DISTINCT ON (a.ad_id) a.ad_id, a.name, a.status, a.thumbnail_url, a.platform, a.campaign_id, c.name AS campaign_name
     FROM ads a
     LEFT JOIN ad_campaigns c ON c.workspace_id = a.workspace_id AND c.connection_id = a.connection_id AND c.campaign_id = a.campaign_id
     WHERE a.workspace_id = $1 AND a.ad_id = ANY($2::text[])
     ORDER BY a.ad_id, a.updated_at DESC`,
    [workspaceId, adIds],
  );
  return new Map(rows.map((r) => [r.ad_id, r]));
}

const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
const count = (value: unknown) => (typeof value === "number" ? value : null);

/** (now - before) / before to 4 places, exactly; null when there was nothing before. */
function change(now: string | null, before: string | null): string | null {
  if (now === null || before === null) return null;
  const ratio = divide(sub(parseDecimal(now), parseDecimal(before)), parseDecimal(before));
  return ratio === null ? null : formatFixed(ratio, 4);
}

function toRow(row: TReportRow, info: AdInfo): TCreativeRow {
  const v = row.values;
  const spend = text(v.ad_spend);
  const compareSpend = text(row.compare?.ad_spend);
  return {
    ad_id: row.key, name: info.name || row.label, status: info.status, thumbnail_url: info.thumbnail_url, platform: info.platform,
    campaign_id: info.campaign_id, campaign_name: info.campaign_name ?? info.campaign_id,
    spend, impressions: count(v.impressions), clicks: count(v.clicks), ctr: text(v.ctr), conversions: text(v.ad_conversions), cpa: text(v.cpa),
    conversion_value: text(v.ad_revenue), roas: text(v.roas), compare_spend: compareSpend, compare_roas: text(row.compare?.roas),
    spend_change: change(spend, compareSpend),
  };
}

function sortRows(rows: TCreativeRow[], sort: TCreativeQuery["sort"], direction: TCreativeQuery["direction"]): TCreativeRow[] {
  const sign = direction === "asc" ? 1 : -1;
  const valueOf = (row: TCreativeRow) => (sort === "name" ? row.name : row[sort]);
  return [...rows].sort((a, b) => {
    const x = valueOf(a);
    const y = valueOf(b);
    // n/a sorts last either way.
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    if (typeof x === "string" && sort === "name") return sign * x.localeCompare(String(y));
    const diff = Number(x) - Number(y);
    return diff !== 0 ? sign * diff : a.ad_id.localeCompare(b.ad_id);
  });
}

/** Every ad that spent or was shown in the range, within the workspace. */
export async function creativeTable(workspaceId: string, query: TCreativeQuery): Promise<TCreativeTable> {
  const report = await runReport(workspaceId, {
    date_from: query.date_from, date_to: query.date_to, metrics: [...METRICS], group_by: "ad", compare: "previous_period",
    filters: { ...(query.platform.length ? { platform: query.platform } : {}), ...(query.campaign.length ? { campaign: query.campaign } : {}) },
  });
  // The empty key holds spend reported above the ad level: no creative to show.
  const adRows = report.rows.filter((r) => r.key !== "");
  const infos = await adsOf(workspaceId, adRows.map((r) => r.key));
  const rows = adRows.flatMap((r) => {
    const info = infos.get(r.key);
    return info ? [toRow(r, info)] : [];
  });
  return {
    currency: report.currency,
    date_from: report.range.date_from,
    date_to: report.range.date_to,
    compare_from: report.compare_range?.date_from ?? null,
    compare_to: report.compare_range?.date_to ?? null,
    rows: sortRows(rows, query.sort, query.direction),
  };
}

export const CREATIVE_CSV_HEADER = [
  "ad_id", "ad", "status", "platform", "campaign", "spend", "impressions", "clicks", "ctr", "conversions", "cpa", "conversion_value", "roas", "compare_spend", "spend_change",
];

export function creativeCsvRows(table: TCreativeTable): (string | number | null)[][] {
  return table.rows.map((r) => [
    r.ad_id, r.name, r.status, r.platform, r.campaign_name, r.spend, r.impressions, r.clicks, r.ctr, r.conversions, r.cpa, r.conversion_value, r.roas, r.compare_spend, r.spend_change,
  ]);
}
