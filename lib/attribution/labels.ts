import { PROVIDERS, isProviderKey } from "@/lib/connectors/registry";
import { db } from "@/lib/db/client";
import type { AttributionModel } from "./models";
import { OWNED_CAMPAIGN_PREFIX } from "./touchpoints-owned";

// What attribution rows are called: their keys are channel names, registry keys and campaign ids.

type TGroupBy = "channel" | "platform" | "campaign";

// Unmatched UTM campaigns are keyed by their normalised name under this prefix (recompute.ts).
const UTM_PREFIX = "utm:";

const titleCase = (value: string) => value.replace(/[_-]+/g, " ").replace(/\b\w/g, (c) => c.toUpperCase());

// Owned channels whose names are not written as title case.
const CHANNEL_NAMES: Record<string, string> = { sms: "SMS", line: "LINE", whatsapp: "WhatsApp", web_popup: "Web pop-up" };

/** Names for people: campaigns by their ad platform (or owned-channel) name, platforms by the registry's label. */
export async function rowLabels(workspaceId: string, groupBy: TGroupBy, keys: string[]): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  if (groupBy === "campaign") {
    const ids = keys.filter((k) => k && !k.startsWith(UTM_PREFIX) && !k.startsWith(OWNED_CAMPAIGN_PREFIX));
    const ownedIds = keys.filter((k) => k.startsWith(OWNED_CAMPAIGN_PREFIX)).map((k) => k.slice(OWNED_CAMPAIGN_PREFIX.length));
    const [campaigns, owned] = await Promise.all([
      ids.length > 0 ? db.adCampaign.findMany({ where: { workspaceId, campaignId: { in: ids } }, select: { campaignId: true, name: true } }) : [],
      ownedIds.length > 0 ? db.ownedCampaign.findMany({ where: { workspaceId, id: { in: ownedIds } }, select: { id: true, name: true } }) : [],
    ]);
    for (const c of campaigns) labels.set(c.campaignId, c.name);
    for (const c of owned) labels.set(`${OWNED_CAMPAIGN_PREFIX}${c.id}`, c.name);
  }
  for (const key of keys) {
    if (labels.has(key)) continue;
    if (key === "") labels.set(key, groupBy === "campaign" ? "No campaign" : groupBy === "platform" ? "No ad platform" : "(none)");
    else if (groupBy === "campaign" && key.startsWith(OWNED_CAMPAIGN_PREFIX)) labels.set(key, "Removed owned-channel campaign");
    else if (groupBy === "campaign") labels.set(key, key.startsWith(UTM_PREFIX) ? `${key.slice(UTM_PREFIX.length)} (not matched)` : key);
    else if (groupBy === "platform") labels.set(key, isProviderKey(key) ? PROVIDERS[key].label : titleCase(key));
    else labels.set(key, CHANNEL_NAMES[key] ?? titleCase(key));
  }
  return labels;
}

export const MODEL_LABELS: Record<AttributionModel, string> = {
  first_touch: "First touch",
  last_touch: "Last touch",
  last_non_direct: "Last non-direct",
  linear: "Linear",
  time_decay: "Time decay",
  position_based: "Position-based",
  markov: "Markov chain",
  shapley: "Shapley",
};
