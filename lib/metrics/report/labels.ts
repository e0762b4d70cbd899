import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { PROVIDERS, providersOfKind } from "@/lib/connectors/registry";
import type { ReportOptions } from "./options";
import type { Plan } from "./plan";
import type { Dimension } from "./schema";
import { productGroupsOf } from "./workspace";
import { storeLabel } from "./store-labels";

/** Ad platforms by their label, for the platform breakdown. */
const PLATFORM_LABELS = new Map<string, string>(providersOfKind("ads").map((key) => [key, PROVIDERS[key].label]));

// What a breakdown's rows are called: keys are ids and dates, readers want names.

const titleCase = (value: string) => value.replace(/[_-]+/g, " ").replace(/\b\w/g, (c) => c.toUpperCase());

/** Two-dimension rows are keyed "first<US>second" (sql.ts keyExpression). */
export const KEY_SEPARATOR = "\u001f";

/** Products and variants by their newest names (product_titles, kept by the sales rollup). */
async function productTitles(workspaceId: string, by: "product" | "variant", keys: readonly string[], options: ReportOptions): Promise<Map<string, string>> {
  const column = by === "product" ? "product_key" : "variant_key";
  const { rows } = await (options.queryable ?? getPool()).query<{ key: string; title: string; variant_title: string; sku: string }>(
    `SELECT DISTINCT ON (${column}) ${column} AS key, title, variant_title, sku FROM product_titles
     WHERE workspace_id = $1 AND ${column} = ANY($2::text[]) ORDER BY ${column}, seen_at DESC`,
    [workspaceId, keys],
  );
  const labels = new Map<string, string>();
  for (const row of rows) {
    const variant = [row.variant_title, row.sku ? `(${row.sku})` : ""].filter(Boolean).join(" ");
    labels.set(row.key, by === "variant" && variant ? `${row.title} — ${variant}` : row.title);
  }
  return labels;
}

/** Ad groups' and ads' newest names; '' is the figures reported only above that level. */
async function adLevelNames(workspaceId: string, by: "ad_group" | "ad", keys: readonly string[], options: ReportOptions): Promise<Map<string, string>> {
  const [table, column] = by === "ad_group" ? ["ad_groups", "ad_group_id"] : ["ads", "ad_id"];
  const { rows } = await (options.queryable ?? getPool()).query<{ key: string; name: string }>(
    `SELECT DISTINCT ON (${column}) ${column} AS key, name FROM ${table}
     WHERE workspace_id = $1 AND ${column} = ANY($2::text[]) ORDER BY ${column}, updated_at DESC`,
    [workspaceId, keys],
  );
  const labels = new Map(rows.map((r) => [r.key, r.name || r.key]));
  labels.set("", by === "ad_group" ? "Campaign totals (no ad groups reported)" : "Above the ad level (no ads reported)");
  return labels;
}

async function labelsOf(plan: Plan, groupBy: Dimension | null, keys: readonly string[], options: ReportOptions): Promise<Map<string, string>> {
  const labels = new Map<string, string>();
  if (groupBy === "campaign" && keys.length > 0) {
    const campaigns = await db.adCampaign.findMany({
      where: { workspaceId: plan.workspace.id, campaignId: { in: [...keys] } },
      select: { campaignId: true, name: true },
    });
    for (const c of campaigns) labels.set(c.campaignId, c.name);
    // Owned-channel campaigns and flows (the owned source's keys) by their own ids.
    const rest = keys.filter((k) => !labels.has(k));
    if (rest.length > 0) {
      const owned = await db.ownedCampaign.findMany({ where: { workspaceId: plan.workspace.id, id: { in: rest } }, select: { id: true, name: true } });
      for (const c of owned) labels.set(c.id, c.name);
    }
  }
  if (groupBy === "product_group") {
    for (const g of await productGroupsOf(plan.workspace.id, options)) labels.set(g.key, g.name);
  }
  if ((groupBy === "ad_group" || groupBy === "ad") && keys.length > 0) {
    for (const [key, label] of await adLevelNames(plan.workspace.id, groupBy, keys, options)) labels.set(key, label);
  }
  if ((groupBy === "product" || groupBy === "variant") && keys.length > 0) {
    for (const [key, label] of await productTitles(plan.workspace.id, groupBy, keys, options)) labels.set(key, label);
  }
  for (const key of keys) {
    if (labels.has(key)) continue;
    const store = groupBy ? storeLabel(groupBy, key) : null;
    if (store !== null) labels.set(key, store);
    else if (groupBy === "week") labels.set(key, `Week of ${key}`);
    else if (groupBy === "month") labels.set(key, key.slice(0, 7));
    else if (groupBy === "platform") labels.set(key, PLATFORM_LABELS.get(key) ?? titleCase(key));
    else if (groupBy === "channel") labels.set(key, titleCase(key));
    else labels.set(key, key);
  }
  return labels;
}

/** Each row key's label (for one dimension). */
export async function labelsFor(plan: Plan, keys: readonly string[], options: ReportOptions): Promise<Map<string, string>> {
  return labelsOf(plan, plan.groupBy, keys, options);
}

/** The labels of each part of two-dimension keys ("first<US>second"). */
export async function partLabels(plan: Plan, keys: readonly string[], options: ReportOptions): Promise<[Map<string, string>, Map<string, string>]> {
  const parts = keys.map((key) => key.split(KEY_SEPARATOR));
  return Promise.all([
    labelsOf(plan, plan.groupBy, [...new Set(parts.map((p) => p[0]!))], options),
    labelsOf(plan, plan.thenBy, [...new Set(parts.map((p) => p[1] ?? ""))], options),
  ]);
}
