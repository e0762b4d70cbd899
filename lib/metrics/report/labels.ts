import { db } from "@/lib/db/client";
import { PROVIDERS, providersOfKind } from "@/lib/connectors/registry";
import type { ReportOptions } from "./options";
import type { Plan } from "./plan";
import { productGroupsOf } from "./workspace";

/** Ad platforms by their label, for the platform breakdown. */
const PLATFORM_LABELS = new Map<string, string>(providersOfKind("ads").map((key) => [key, PROVIDERS[key].label]));

// What a breakdown's rows are called: keys are ids and dates, readers want names.

const titleCase = (value: string) => value.replace(/[_-]+/g, " ").replace(/\b\w/g, (c) => c.toUpperCase());

export async function labelsFor(plan: Plan, keys: readonly string[], options: ReportOptions): Promise<Map<string, string>> {
  const { groupBy } = plan;
  const labels = new Map<string, string>();
  if (groupBy === "campaign" && keys.length > 0) {
    const campaigns = await db.adCampaign.findMany({
      where: { workspaceId: plan.workspace.id, campaignId: { in: [...keys] } },
      select: { campaignId: true, name: true },
    });
    for (const c of campaigns) labels.set(c.campaignId, c.name);
  }
  if (groupBy === "product_group") {
    for (const g of await productGroupsOf(plan.workspace.id, options)) labels.set(g.key, g.name);
  }
  for (const key of keys) {
    if (labels.has(key)) continue;
    if (groupBy === "week") labels.set(key, `Week of ${key}`);
    else if (groupBy === "month") labels.set(key, key.slice(0, 7));
    else if (groupBy === "platform") labels.set(key, PLATFORM_LABELS.get(key) ?? titleCase(key));
    else if (groupBy === "channel") labels.set(key, titleCase(key));
    else labels.set(key, key);
  }
  return labels;
}
