import { z } from "zod";
import { PROVIDERS, isProviderKey } from "@/lib/connectors/registry";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";

// The campaigns a report can be filtered by, for a picker: found by name (or id) within one
// workspace, each with its platform, so a reader never has to know a platform's campaign ids.

export const MAX_CAMPAIGN_RESULTS = 50;

const list = (max: number) =>
  z.preprocess(
    (value) => (typeof value === "string" ? value.split(",").map((v) => v.trim()).filter(Boolean) : value),
    z.array(z.string().min(1).max(200)).max(max, `Give at most ${max} ids.`),
  );

export const ZCampaignSearchSchema = z.object({
  q: z.string().trim().max(200, "q: search at most 200 characters.").default(""),
  /** Campaigns to name whatever the search: the ones a filter already holds. */
  ids: list(100).default([]),
  limit: z.coerce
    .number({ error: "limit must be a whole number." })
    .int("limit must be a whole number.")
    .min(1, "limit must be at least 1.")
    .max(MAX_CAMPAIGN_RESULTS, `limit must be at most ${MAX_CAMPAIGN_RESULTS}.`)
    .default(20),
});
export type TCampaignSearch = z.input<typeof ZCampaignSearchSchema>;

export const ZCampaignOptionSchema = z.object({
  /** The value a report's `campaign` filter takes (and the campaign breakdown's row key). */
  id: z.string(),
  name: z.string(),
  platform: z.string(),
  platform_label: z.string(),
});
export type TCampaignOption = z.infer<typeof ZCampaignOptionSchema>;

export const ZCampaignListSchema = z.object({ campaigns: z.array(ZCampaignOptionSchema) });

const QUERY_PARAMETERS = ["q", "ids", "limit"] as const;

/** A search from a query string; an unknown parameter is refused by name rather than ignored. */
export function campaignSearchFromQuery(params: URLSearchParams): TCampaignSearch {
  for (const name of params.keys()) {
    if (!(QUERY_PARAMETERS as readonly string[]).includes(name)) {
      throw AppError.field(name, `Unknown query parameter "${name}". Use: ${QUERY_PARAMETERS.join(", ")}.`);
    }
  }
  return Object.fromEntries(QUERY_PARAMETERS.flatMap((name) => (params.has(name) ? [[name, params.get(name)]] : [])));
}

const platformLabel = (platform: string) => (isProviderKey(platform) ? PROVIDERS[platform].label : platform);

/**
 * The workspace's campaigns whose name contains `q` (or whose id starts with it), by name, plus
 * the ones named in `ids`; one entry per campaign id even where two connections report it.
 */
export async function searchCampaigns(workspaceId: string, input: TCampaignSearch): Promise<TCampaignOption[]> {
  const { q, ids, limit } = parseInput(ZCampaignSearchSchema, input);
  const select = { campaignId: true, name: true, platform: true } as const;
  const [named, found] = await Promise.all([
    ids.length > 0 ? db.adCampaign.findMany({ where: { workspaceId, campaignId: { in: ids } }, select }) : [],
    db.adCampaign.findMany({
      where: { workspaceId, ...(q ? { OR: [{ name: { contains: q, mode: "insensitive" } }, { campaignId: { startsWith: q } }] } : {}) },
      select,
      orderBy: [{ name: "asc" }, { campaignId: "asc" }],
      // Duplicates (a campaign reported by two connections) are dropped below, so read a few more.
      take: limit * 2,
    }),
  ]);
  const byId = new Map<string, TCampaignOption>();
  for (const c of [...named, ...found]) {
    if (byId.has(c.campaignId)) continue;
    if (byId.size >= limit + named.length) break;
    byId.set(c.campaignId, { id: c.campaignId, name: c.name, platform: c.platform, platform_label: platformLabel(c.platform) });
  }
  return [...byId.values()];
}
