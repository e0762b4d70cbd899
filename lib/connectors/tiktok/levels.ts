import type { AdGroupInput, AdInput } from "@/lib/connectors/contracts/ad-facts";
import type { DayWindow } from "../contracts/ad-source";
import type { TikTokClient } from "./client";
import { fetchReportRows, listByIds } from "./report";
import { adGroupInfos, adInfos, pictureUrls, toAdGroups, toAds, type AdInfo, type ReportRow } from "./transform";

// Ad groups and ads: their rows from the integrated report (AUCTION_ADGROUP, AUCTION_AD), then the
// names and statuses of the objects those rows name (/adgroup/get/, /ad/get/, 100 ids a call), and
// each ad's picture: its video's cover (/file/video/ad/info/, 60 ids a call) or its first image
// (/file/image/ad/info/, 100 ids a call).

export const ADGROUP_FIELDS = ["adgroup_id", "adgroup_name", "campaign_id", "operation_status"] as const;
export const AD_FIELDS = ["ad_id", "ad_name", "adgroup_id", "campaign_id", "operation_status", "video_id", "image_ids"] as const;
const VIDEO_BATCH = 60;
const IMAGE_BATCH = 100;

type Scope = { client: TikTokClient; advertiserId: string; window: DayWindow; today: string };

export async function fetchAdGroupLevel({ client, advertiserId, window, today }: Scope): Promise<{ adGroups: AdGroupInput[]; rows: ReportRow[] }> {
  const rows = await fetchReportRows(client, advertiserId, window, today, "adgroup");
  if (!rows.length) return { adGroups: [], rows };
  const infos = adGroupInfos(await listByIds(client, "adgroup/get/", advertiserId, "adgroup_ids", rows.map((r) => r.adGroupId), ADGROUP_FIELDS));
  return { adGroups: toAdGroups(rows, infos, advertiserId), rows };
}

async function pictures(client: TikTokClient, advertiserId: string, infos: Map<string, AdInfo>): Promise<Map<string, string>> {
  const videos = [...new Set([...infos.values()].map((i) => i.videoId).filter((id): id is string => id !== null))];
  const images = [...new Set([...infos.values()].filter((i) => !i.videoId && i.imageId).map((i) => i.imageId!))];
  const urls = new Map<string, string>();
  for (let i = 0; i < videos.length; i += VIDEO_BATCH) {
    const data = await client.get("file/video/ad/info/", { advertiser_id: advertiserId, video_ids: videos.slice(i, i + VIDEO_BATCH) });
    for (const [id, url] of pictureUrls(Array.isArray(data.list) ? data.list : [], "video_id", "video_cover_url")) urls.set(id, url);
  }
  for (let i = 0; i < images.length; i += IMAGE_BATCH) {
    const data = await client.get("file/image/ad/info/", { advertiser_id: advertiserId, image_ids: images.slice(i, i + IMAGE_BATCH) });
    for (const [id, url] of pictureUrls(Array.isArray(data.list) ? data.list : [], "image_id", "image_url")) urls.set(id, url);
  }
  return urls;
}

export async function fetchAdLevel({ client, advertiserId, window, today }: Scope): Promise<{ ads: AdInput[]; rows: ReportRow[] }> {
  const rows = await fetchReportRows(client, advertiserId, window, today, "ad");
  if (!rows.length) return { ads: [], rows };
  const infos = adInfos(await listByIds(client, "ad/get/", advertiserId, "ad_ids", rows.map((r) => r.adId), AD_FIELDS));
  return { ads: toAds(rows, infos, await pictures(client, advertiserId, infos), advertiserId), rows };
}
