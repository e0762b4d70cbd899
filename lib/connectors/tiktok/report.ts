import { addDays, localDate } from "@/lib/time/zone";
import type { DayWindow } from "../contracts/ad-source";
import type { TikTokClient, TikTokParams } from "./client";
import { campaignInfos, type CampaignInfo, dailyRows, REPORT_METRICS, type ReportRow, sumHours } from "./transform";

// Campaign stats from the synchronous integrated report. Days come from stat_time_day (at most 30
// days a request). Today comes from stat_time_hour instead (one day a request), summed per
// campaign into today's running total: hourly stats are TikTok's freshest figures, and summed they
// settle to the same daily row that the next day's pull and the restatement overwrite.
//
// The report leaves out deleted campaigns unless asked (campaign_status STATUS_NOT_DELETE is the
// default filter), which would make their spend vanish from history on a re-pull; STATUS_ALL keeps it.

export const MAX_REPORT_DAYS = 30;
const CAMPAIGN_BATCH = 100;

function reportParams(advertiserId: string, dimension: "stat_time_day" | "stat_time_hour", fromDay: string, toDay: string): TikTokParams {
  return {
    advertiser_id: advertiserId,
    report_type: "BASIC",
    service_type: "AUCTION",
    data_level: "AUCTION_CAMPAIGN",
    dimensions: ["campaign_id", dimension],
    metrics: [...REPORT_METRICS],
    start_date: fromDay,
    end_date: toDay,
    filtering: [{ field_name: "campaign_status", filter_type: "IN", filter_value: JSON.stringify(["STATUS_ALL"]) }],
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

export async function fetchReportRows(client: TikTokClient, advertiserId: string, window: DayWindow, today: string): Promise<ReportRow[]> {
  const { days, hourlyDay } = splitWindow(window, today);
  const rows: ReportRow[] = [];
  for (const part of days) rows.push(...dailyRows(await client.getAll("report/integrated/get/", reportParams(advertiserId, "stat_time_day", part.fromDay, part.toDay))));
  if (hourlyDay) rows.push(...sumHours(await client.getAll("report/integrated/get/", reportParams(advertiserId, "stat_time_hour", hourlyDay, hourlyDay)), hourlyDay));
  return rows;
}

/** Names and statuses of the given campaigns, 100 ids a request. */
export async function fetchCampaignInfos(client: TikTokClient, advertiserId: string, campaignIds: string[]): Promise<Map<string, CampaignInfo>> {
  const infos = new Map<string, CampaignInfo>();
  const ids = [...new Set(campaignIds)];
  for (let i = 0; i < ids.length; i += CAMPAIGN_BATCH) {
    const list = await client.getAll("campaign/get/", {
      advertiser_id: advertiserId,
      fields: ["campaign_id", "campaign_name", "operation_status"],
      filtering: { campaign_ids: ids.slice(i, i + CAMPAIGN_BATCH) },
    });
    for (const [id, info] of campaignInfos(list)) infos.set(id, info);
  }
  return infos;
}
