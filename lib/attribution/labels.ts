import { PROVIDERS, isProviderKey } from "@/lib/connectors/registry";
import { db } from "@/lib/db/client";
import type { AttributionModel } from "./models";

// What attribution rows are called: their keys are channel names, registry keys and campaign ids.

type TGroupBy = "channel" | "platform" | "campaign";

// Unmatched UTM campaigns are keyed by their normalised name under this prefix (recompute.ts).
const UTM_PREFIX = "utm:";

const titleCase = (value: string) => value.replace(/[_-]+/g, " ").replace(/\b\w/g, (c) => c.toUpperCase());

/** Names for people: campaigns by their ad platform name, platforms by the registry's label. */
export async function rowLabels(workspaceId: string, groupBy: TGroupBy, keys: string[]): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  if (groupBy === "campaign") {
    const ids = keys.filter((k) => k && !k.startsWith(UTM_PREFIX));
    const campaigns = ids.length > 0 ? await db.adCampaign.findMany({ where: { workspaceId, campaignId: { in: ids } }, select: { campaignId: true, name: true } }) : [];
    for (const c of campaigns) labels.set(c.campaignId, c.name);
  }
  for (const key of keys) {
    if (labels.has(key)) continue;
    if (key === "") labels.set(key, groupBy === "campaign" ? "No campaign" : groupBy === "platform" ? "No ad platform" : "(none)");
    else if (groupBy === "campaign") labels.set(key, key.startsWith(UTM_PREFIX) ? `${key.slice(UTM_PREFIX.length)} (not matched)` : key);
    else if (groupBy === "platform") labels.set(key, isProviderKey(key) ? PROVIDERS[key].label : titleCase(key));
    else labels.set(key, titleCase(key));
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
