import { addDays, localDate } from "@/lib/time/zone";
import type { DayWindow } from "../contracts/ad-source";
import type { TikTokClient, TikTokParams } from "./client";
import { campaignInfos, type CampaignInfo, dailyRows, LEVEL_ID, PARENT_METRICS, REPORT_METRICS, type ReportLevel, type ReportRow, sumHours } from "./transform";

// Stats per campaign, ad group or ad from the synchronous integrated report. Days come from stat_time_day (at most 30
// days a request). Today comes from stat_time_hour instead (one day a request), summed per
// campaign into today's running total: hourly stats are TikTok's freshest figures, and summed they
// settle to the same daily row that the next day's pull and the restatement overwrite.
//
// The report leaves out deleted objects unless asked (campaign_status, adgroup_status and
// ad_status default to STATUS_NOT_DELETE), which would make their spend vanish from history on a
// re-pull; STATUS_ALL keeps it.

export const MAX_REPORT_DAYS = 30;
const ID_BATCH = 100;

const DATA_LEVEL: Record<ReportLevel, string> = { campaign: "AUCTION_CAMPAIGN", adgroup: "AUCTION_ADGROUP", ad: "AUCTION_AD" };

function reportParams(advertiserId: string, level: ReportLevel, dimension: "stat_time_day" | "stat_time_hour", fromDay: string, toDay: string): TikTokParams {
  return {
    advertiser_id: advertiserId,
    report_type: "BASIC",
    service_type: "AUCTION",
    data_level: DATA_LEVEL[level],
    dimensions: [LEVEL_ID[level], dimension],
    metrics: [...REPORT_METRICS, ...PARENT_METRICS[level]],
    start_date: fromDay,
    end_date: toDay,
    filtering: [{ field_name: `${level}_status`, filter_type: "IN", filter_value: JSON.stringify(["STATUS_ALL"]) }],
  };
}

/** The window split into what the daily report reads and, when it reaches today, the day the hourly report reads. */
export function splitWindow(window: DayWindow, today: string): { days: DayWindow[]; hourlyDay: string | null } {
  const lastDay = window.toDay < today ? window.toDay : addDays(today, -1);
  const days: DayWindow[] = [];
  for (let from = window.fromDay; from <= lastDay; from = addDays(from, MAX_REPORT_DAYS)) {
    const to = addDays(from, MAX_REPORT_DAYS - 1);
    days.push({ fromDay: from, toDay: to < lastDay ? to : lastDay });
  }
  const hourlyDay = window.fromDay <= today && window.toDay >= today ? today : null;
  return { days, hourlyDay };
}

export function accountToday(now: number, timeZone: string | null): string {
  return localDate(new Date(now), timeZone ?? "UTC");
}

export async function fetchReportRows(client: TikTokClient, advertiserId: string, window: DayWindow, today: string, level: ReportLevel = "campaign"): Promise<ReportRow[]> {
  const { days, hourlyDay } = splitWindow(window, today);
  const rows: ReportRow[] = [];
  for (const part of days) rows.push(...dailyRows(await client.getAll("report/integrated/get/", reportParams(advertiserId, level, "stat_time_day", part.fromDay, part.toDay)), level));
  if (hourlyDay) rows.push(...sumHours(await client.getAll("report/integrated/get/", reportParams(advertiserId, level, "stat_time_hour", hourlyDay, hourlyDay)), hourlyDay, level));
  return rows;
}

/** Every item a get endpoint lists for the given ids, `batch` ids a request. */
export async function listByIds(client: TikTokClient, path: string, advertiserId: string, filter: string, ids: string[], fields: readonly string[], batch = ID_BATCH): Promise<unknown[]> {
  const unique = [...new Set(ids)];
  const items: unknown[] = [];
  for (let i = 0; i < unique.length; i += batch) {
    items.push(...(await client.getAll(path, { advertiser_id: advertiserId, fields: [...fields], filtering: { [filter]: unique.slice(i, i + batch) } })));
  }
  return items;
}

/** Names and statuses of the given campaigns. */
export async function fetchCampaignInfos(client: TikTokClient, advertiserId: string, campaignIds: string[]): Promise<Map<string, CampaignInfo>> {
  return campaignInfos(await listByIds(client, "campaign/get/", advertiserId, "campaign_ids", campaignIds, ["campaign_id", "campaign_name", "operation_status"]));
}
