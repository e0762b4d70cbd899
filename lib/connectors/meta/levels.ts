import type { DayWindow, ProviderAccount } from "../contracts/ad-source";
import type { GraphClient } from "./client";
import { fetchInsightRows, type ReportRunOptions } from "./insights";
import { levelInsights, objectDetails, type BelowCampaignStats, type ObjectDetails } from "./transform";

// Ad sets and ads: their daily insights (level=adset, level=ad, read like campaigns: directly or
// through an async report run), then the status and thumbnail of the objects those rows name,
// read by id (the Graph API's ids lookup, 50 ids a call) so deleted and archived ones, which the
// account's /ads and /adsets edges leave out, are found too.

const IDS_PER_LOOKUP = 50;

const DETAIL_FIELDS = { adset: "effective_status", ad: "effective_status,creative{thumbnail_url}" } as const;

async function lookupDetails(client: GraphClient, ids: string[], fields: string): Promise<ObjectDetails> {
  const details: ObjectDetails = new Map();
  for (let i = 0; i < ids.length; i += IDS_PER_LOOKUP) {
    const answer = await client.get("", { ids: ids.slice(i, i + IDS_PER_LOOKUP).join(","), fields });
    for (const [id, detail] of objectDetails(answer)) details.set(id, detail);
  }
  return details;
}

export async function fetchLevel(
  client: GraphClient,
  account: Pick<ProviderAccount, "id" | "currency">,
  window: DayWindow,
  windows: string[],
  level: "adset" | "ad",
  options: ReportRunOptions = {},
): Promise<BelowCampaignStats> {
  const rows = await fetchInsightRows(client, account.id, window, windows, options, level);
  const idField = level === "ad" ? "ad_id" : "adset_id";
  const ids = [...new Set(rows.map((row) => (row as Record<string, unknown> | null)?.[idField]).filter((id): id is string => typeof id === "string" && id !== ""))];
  const details = ids.length ? await lookupDetails(client, ids, DETAIL_FIELDS[level]) : new Map();
  return levelInsights(rows, account, level, details);
}
