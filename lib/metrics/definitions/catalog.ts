import { db } from "@/lib/db/client";
import { BLENDED_SPEND_METRICS, getMetric, METRICS, WITH_OFFLINE_REVENUE, type MetricDefinition } from "./registry";
import type { TMetricInfo } from "../report/types";

// The metrics a workspace can use: the registry's, plus two per product group (its net sales and
// units). Product groups are workspace settings, so their metric ids are made here, per workspace.

export const GROUP_SALES_PREFIX = "product_group_sales:";
export const GROUP_UNITS_PREFIX = "product_group_units:";

export type ProductGroupRef = { key: string; name: string };

/** A metric the report engine can compute; product group metrics read their group's rows. */
export type ResolvedMetric = MetricDefinition & { group: string | null };

export function groupMetrics(group: ProductGroupRef): ResolvedMetric[] {
  return [
    {
      id: `${GROUP_SALES_PREFIX}${group.key}`, label: `${group.name}: net sales`, format: "money", sources: ["sales"], group: group.key,
      description: `Net sales (gross sales minus discounts minus returns) of the line items in the product group ${group.name}.`,
      compute: getMetric("net_sales").compute,
    },
    {
      id: `${GROUP_UNITS_PREFIX}${group.key}`, label: `${group.name}: units`, format: "count", sources: ["sales"], group: group.key,
      description: `Quantity of the line items in the product group ${group.name} ordered.`,
      compute: (t) => t.units,
    },
  ];
}

export async function workspaceProductGroups(workspaceId: string): Promise<ProductGroupRef[]> {
  return db.productGroup.findMany({ where: { workspaceId }, select: { key: true, name: true }, orderBy: [{ position: "asc" }, { name: "asc" }] });
}

/** Workspace settings that change what a registry metric means. */
export type CatalogOptions = {
  /** The workspace counts owned-channel cost beside ad spend: MER and CAC read the owned source too (its cost; without it owned_cost stays 0 in their sums). */
  ownedCostInBlended?: boolean;
  /** Won CRM deals count in total sales and MER (their WITH_OFFLINE_REVENUE definitions). */
  offlineRevenueInSales?: boolean;
};

export function resolvedMetrics(groups: readonly ProductGroupRef[], { ownedCostInBlended = false, offlineRevenueInSales = false }: CatalogOptions = {}): ResolvedMetric[] {
  const offline = (m: MetricDefinition): MetricDefinition =>
    offlineRevenueInSales && Object.hasOwn(WITH_OFFLINE_REVENUE, m.id) ? WITH_OFFLINE_REVENUE[m.id as keyof typeof WITH_OFFLINE_REVENUE] : m;
  const blended = (m: MetricDefinition): MetricDefinition =>
    ownedCostInBlended && BLENDED_SPEND_METRICS.includes(m.id) ? { ...m, sources: [...m.sources, "owned"] } : m;
  return [...METRICS.map((m) => ({ ...blended(offline(m)), group: null })), ...groups.flatMap(groupMetrics)];
}

export const metricInfo = (m: MetricDefinition): TMetricInfo => ({ id: m.id, label: m.label, format: m.format, description: m.description });

/** Every metric id the workspace can use, with what the UI shows about it. */
export async function availableMetrics(workspaceId: string): Promise<TMetricInfo[]> {
  return resolvedMetrics(await workspaceProductGroups(workspaceId)).map(metricInfo);
}
