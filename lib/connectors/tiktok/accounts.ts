import type { ProviderAccount } from "../contracts/ad-source";
import type { TikTokClient } from "./client";
import { tiktokRead as read } from "./client";
import type { TikTokAppConfig } from "./config";
import { objectAt } from "../meta/values";

// The advertiser picker: /oauth2/advertiser/get/ lists the advertisers the token may read, and
// /advertiser/info/ (100 ids a call) adds each one's currency, time zone and status.

export const ADVERTISER_INFO_FIELDS = ["advertiser_id", "name", "currency", "timezone", "display_timezone", "status"] as const;
const INFO_BATCH = 100;

function isTimeZone(zone: unknown): zone is string {
  if (typeof zone !== "string" || !zone) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export type AdvertiserInfo = { id: string; name: string | null; currency: string | null; timeZone: string | null; status: string | null };

/** /advertiser/info/ items. display_timezone is the IANA name; timezone can be an offset name such as Etc/GMT-8. */
export function advertiserInfos(items: unknown[]): AdvertiserInfo[] {
  return items.map((raw, i) => {
    const item = objectAt(read, raw, `data.list[${i}]`);
    const zone = [item.display_timezone, item.timezone].find(isTimeZone) ?? null;
    return {
      id: read.text(String(item.advertiser_id ?? ""), `data.list[${i}].advertiser_id`),
      name: typeof item.name === "string" ? item.name : null,
      currency: typeof item.currency === "string" ? item.currency.toUpperCase() : null,
      timeZone: zone,
      status: typeof item.status === "string" ? item.status : null,
    };
  });
}

export async function fetchAdvertiserInfo(client: TikTokClient, ids: string[]): Promise<AdvertiserInfo[]> {
  const infos: AdvertiserInfo[] = [];
  for (let i = 0; i < ids.length; i += INFO_BATCH) {
    const data = await client.get("advertiser/info/", { advertiser_ids: ids.slice(i, i + INFO_BATCH), fields: [...ADVERTISER_INFO_FIELDS] });
    infos.push(...advertiserInfos(Array.isArray(data.list) ? data.list : []));
  }
  return infos;
}

export async function listAdvertisers(client: TikTokClient, config: TikTokAppConfig): Promise<ProviderAccount[]> {
  const data = await client.get("oauth2/advertiser/get/", { app_id: config.appId, secret: config.appSecret });
  const list = Array.isArray(data.list) ? data.list : [];
  const advertisers = list.map((raw, i) => {
    const item = objectAt(read, raw, `data.list[${i}]`);
    return { id: read.text(String(item.advertiser_id ?? ""), `data.list[${i}].advertiser_id`), name: typeof item.advertiser_name === "string" ? item.advertiser_name : null };
  });
  const infos = new Map((await fetchAdvertiserInfo(client, advertisers.map((a) => a.id))).map((info) => [info.id, info]));
  return advertisers.map(({ id, name }) => {
    const info = infos.get(id);
    return { id, name: info?.name ?? name ?? id, currency: info?.currency ?? null, timeZone: info?.timeZone ?? null, status: info?.status?.replace(/^STATUS_/, "").toLowerCase() ?? null };
  });
}
