import { recordAudit } from "@/lib/audit/record";
import { diffFields } from "@/lib/audit/changes";
import { z } from "zod";
import { recomputeAfterInputChange } from "@/lib/attribution/settings-triggers";
import { parseInput } from "@/lib/validation";
import { requestRollupRebuild } from "../rollups/rebuild-requests";
import { getMetricSettings, saveMetricSettings, ZLineItemMatcherSchema, ZMetricSettingsSchema, type TMetricSettings } from "./store";

// Edits of the metric settings from the settings page and API: each saves the whole settings and,
// when they actually changed, asks for the rollups to be rebuilt (past days now mean something else).

const sameMatcher = (a: z.infer<typeof ZLineItemMatcherSchema>, b: z.infer<typeof ZLineItemMatcherSchema>) =>
  a.field === b.field && a.value.toLowerCase() === b.value.toLowerCase();

/** The settings' own fields before and after, exclusions as one list. */
async function auditSettings(workspaceId: string, before: TMetricSettings, after: TMetricSettings): Promise<void> {
  await recordAudit(null, {
    workspaceId,
    action: "metric_settings.changed",
    target: { type: "metric_settings", id: null },
    changes: diffFields(before, after),
  });
}

function changeReason(before: TMetricSettings, after: TMetricSettings): string {
  if (before.revenueBasis !== after.revenueBasis) return "Revenue basis changed";
  if (before.sessionsSource !== after.sessionsSource) return "Sessions source changed";
  return "Excluded line items changed";
}

export async function updateMetricSettings(workspaceId: string, input: unknown): Promise<TMetricSettings> {
  const next = parseInput(ZMetricSettingsSchema, input);
  const current = await getMetricSettings(workspaceId);
  const saved = await saveMetricSettings(workspaceId, next);
  await auditSettings(workspaceId, current, saved);
  const exclusionsChanged =
    current.excludedLineItems.length !== saved.excludedLineItems.length ||
    current.excludedLineItems.some((m, i) => !sameMatcher(m, saved.excludedLineItems[i]!));
  const changed = current.revenueBasis !== saved.revenueBasis || current.sessionsSource !== saved.sessionsSource || exclusionsChanged;
  if (changed) await requestRollupRebuild(workspaceId, changeReason(current, saved));
  // Excluded lines leave an order's attributed revenue too (the revenue basis does not enter it).
  if (exclusionsChanged) await recomputeAfterInputChange(workspaceId);
  return saved;
}

export async function addExcludedLineItem(workspaceId: string, input: unknown): Promise<TMetricSettings> {
  const matcher = parseInput(ZLineItemMatcherSchema, input);
  const current = await getMetricSettings(workspaceId);
  if (current.excludedLineItems.some((m) => sameMatcher(m, matcher))) return current;
  return updateMetricSettings(workspaceId, { ...current, excludedLineItems: [...current.excludedLineItems, matcher] });
}

export async function removeExcludedLineItem(workspaceId: string, input: unknown): Promise<TMetricSettings> {
  const matcher = parseInput(ZLineItemMatcherSchema, input);
  const current = await getMetricSettings(workspaceId);
  return updateMetricSettings(workspaceId, { ...current, excludedLineItems: current.excludedLineItems.filter((m) => !sameMatcher(m, matcher)) });
}

export async function setRevenueBasis(workspaceId: string, revenueBasis: unknown): Promise<TMetricSettings> {
  const current = await getMetricSettings(workspaceId);
  return updateMetricSettings(workspaceId, { ...current, revenueBasis });
}

/**
 * Whether offline revenue counts in total sales and MER ("on"/"off" from a form, or a boolean).
 * Reports read deals directly and are cached with this setting in their key, so nothing is rebuilt.
 */
export async function setOfflineRevenueInSales(workspaceId: string, value: unknown): Promise<TMetricSettings> {
  const offlineRevenueInSales = value === "on" ? true : value === "off" ? false : value;
  const current = await getMetricSettings(workspaceId);
  const saved = await saveMetricSettings(workspaceId, { ...current, offlineRevenueInSales });
  await auditSettings(workspaceId, current, saved);
  return saved;
}

/** "ga4", "tracking", or null/"auto" for the default (GA4 when connected, else tracking). */
export async function setSessionsSource(workspaceId: string, sessionsSource: unknown): Promise<TMetricSettings> {
  const current = await getMetricSettings(workspaceId);
  return updateMetricSettings(workspaceId, { ...current, sessionsSource: sessionsSource === "auto" ? null : sessionsSource });
}
