import { historyWindowOf } from "@/lib/billing/limits";
import { localDate, localTime } from "@/lib/time/zone";
import { parseInput } from "@/lib/validation";
import { readsAttribution } from "../definitions/attribution-metrics";
import { resolvedMetrics } from "../definitions/catalog";
import { BLENDED_SPEND_METRICS, getMetric, isMetricId } from "../definitions/registry";
import { converting, fetchPass } from "./fetch";
import type { ReportOptions } from "./options";
import { rangeLabel } from "./periods";
import { planReport } from "./plan";
import { clampToHistory, clampToToday } from "./range";
import { readUntil } from "./until";
import { buildRows } from "./rows";
import { ZReportRequestSchema, type TParsedReportRequest, type TReportRequest } from "./schema";
import { specKey } from "./sql";
import { sumRows } from "./sums";
import type { TReport } from "./types";
import { valuesAt } from "./values";
import { warningsFor } from "./warnings";
import { isTagMetric } from "./tagged";
import { assertTagOf } from "@/lib/tags/members";
import { reportContextOf, type Workspace } from "./workspace";
import { cachedReport, type CachedReport } from "./result-cache";
import type { ProductGroupRef } from "../definitions/catalog";
import { traceReport } from "@/lib/observability/spans";

export type { ReportOptions } from "./options";

// The report engine behind dashboards, the reports API, exports and digests: metric values over a
// day range, optionally broken down by a dimension and compared with another range. It reads only
// the rollups; each source's sums are converted to the workspace currency day by day and handed
// to the registry, which owns every definition.

/** Metric values for a workspace over a day range (validated; see ZReportRequestSchema). */
export function runReport(workspaceId: string, input: TReportRequest, options: ReportOptions = {}): Promise<TReport> {
  return traceReport("kpi", workspaceId, () => runReportNow(workspaceId, input, options));
}

async function runReportNow(workspaceId: string, input: TReportRequest, options: ReportOptions): Promise<TReport> {
  const parsed = parseInput(ZReportRequestSchema, input);
  // The rebuild status, freshness and the revision that keys the cached report are read together
  // (workspace.ts), before the rollups are.
  const { workspace, groups, rebuild, freshness: fresh, ltvFittedAt } = await reportContextOf(workspaceId, options);
  const now = options.now ?? new Date();
  const today = localDate(now, workspace.timeZone);
  const { request: toToday, warning: clamped } = clampToToday(parsed, today, workspace.timeZone);
  // Days older than the plan shows are cut here, so no screen or API answer can show them.
  const { request, warnings: history } = clampToHistory(toToday, await historyWindowOf(workspaceId, workspace.timeZone, now));
  const compute = () => computeReport(workspace, groups, request, options, now);
  // A transaction's own rollups, or a forced daily read, must not mix with the shared results.
  // Attribution credits change (every minute, and on model settings) without moving the rollups'
  // revision that keys the shared results, so reports reading them are computed each time.
  // Owned-channel sends, conversions and fees change without moving it either.
  // A tag's members change without moving it either.
  if (request.tag) await assertTagOf(workspaceId, request.tag);
  const shared = !request.tag && !options.queryable && !options.dailyOnly && !request.metrics.some(readsAttribution) && !readsOwned(request.metrics, workspace);
  // The request as clamped to today, so a cached answer never outlives the day it was cut at.
  // Today so far is compared until the minute it is now (plan.ts), so that minute is in the key too.
  const comparedUntil = request.period === "today" && request.compare !== "none" && request.date_to === today ? localTime(now, workspace.timeZone) : null;
  // Which LTV windows have ended moves with the day, and predictions with each model fit.
  const lifetime = readsLifetime(request.metrics) ? [today, ltvFittedAt] : null;
  const key = JSON.stringify([workspace.id, workspace.revision, workspace.timeZone, workspace.currency, workspace.ownedCostInBlended, workspace.offlineRevenueInSales, groups, request, comparedUntil, lifetime]);
  const computed = await (shared ? cachedReport(key, compute) : compute());
  // Callers may change their copy (sorting rows, say); the cached one stays as computed.
  const { report, readsAds } = shared ? structuredClone(computed) : computed;
  const { warnings, ...figures } = report;
  return {
    ...figures,
    // Only ad platforms restate past days; a report without ad metrics has nothing pending.
    freshness: readsAds ? fresh : { ...fresh, restatable_from: null },
    rebuilding: rebuild.rebuilding,
    rebuild_progress: rebuild.rebuild_progress,
    warnings: [...(clamped ? [clamped] : []), ...history, ...(rebuild.warning ? [rebuild.warning] : []), ...warnings, ...tagWarnings(request, figures.metrics)],
  };
}

/** Metrics a tag cannot restrict to its members are n/a: say which, so none reads as everyone's. */
function tagWarnings(request: TParsedReportRequest, metrics: { id: string; label: string }[]): string[] {
  if (!request.tag) return [];
  const unfiltered = metrics.filter((m) => !isTagMetric(m.id));
  return unfiltered.length > 0 ? [`Not filtered by tag: ${unfiltered.map((m) => m.label).join(", ")} cannot be restricted to the tag's customers, so ${unfiltered.length === 1 ? "it is" : "they are"} n/a.`] : [];
}

const readsLifetime = (ids: readonly string[]) => ids.some((id) => isMetricId(id) && getMetric(id).sources.includes("lifetime"));
const readsOwned = (ids: readonly string[], workspace: Workspace) =>
  ids.some((id) => isMetricId(id) && (getMetric(id).sources.includes("owned") || (workspace.ownedCostInBlended && BLENDED_SPEND_METRICS.includes(id))));

async function computeReport(workspace: Workspace, groups: ProductGroupRef[], request: TParsedReportRequest, options: ReportOptions, now: Date): Promise<CachedReport> {
  const plan = planReport(workspace, request, resolvedMetrics(groups, { ownedCostInBlended: workspace.ownedCostInBlended, offlineRevenueInSales: workspace.offlineRevenueInSales }), { usePeriods: !options.dailyOnly, now });
  const { passes } = plan;

  const comparing = (reading: ReportOptions) =>
    Promise.all([
      passes.compareTotals ? fetchPass(plan, passes.compareTotals, reading) : null,
      passes.compareRows ? fetchPass(plan, passes.compareRows, reading) : null,
    ]);
  const [mainTotals, mainRows, [compareTotals, compareRows]] = await Promise.all([
    fetchPass(plan, passes.totals, options),
    passes.rows ? fetchPass(plan, passes.rows, options) : null,
    plan.compareUntil ? readUntil(workspace.id, plan.compareRange!.date_to, plan.compareUntil.instant, options, comparing) : comparing(options),
  ]);
  const { sumsOf, currencies } = await converting(plan, [mainTotals, mainRows, compareTotals, compareRows], options);

  const rowSums = sumsOf(mainRows);
  const totals = sumsOf(mainTotals)!;
  // Summing the breakdown's rows is cheaper than another statement over the whole range.
  for (const spec of plan.fromRows) totals.set(specKey(spec), sumRows(rowSums!.get(specKey(spec)) ?? new Map()));
  const compareSums = sumsOf(compareTotals);
  const compareRowSums = sumsOf(compareRows);
  const rows = await buildRows(plan, rowSums, compareRowSums, options);

  return {
    readsAds: plan.metrics.some((m) => m.sources.includes("ads")),
    report: {
      currency: workspace.currency,
      time_zone: workspace.timeZone,
      range: { date_from: request.date_from, date_to: request.date_to },
      compare: request.compare,
      period: request.period,
      compare_range: plan.compareRange && {
        ...plan.compareRange,
        until: plan.compareUntil?.localTime ?? null,
        label: `${rangeLabel(plan.compareRange.date_from, plan.compareRange.date_to)}${plan.compareUntil ? ` until ${plan.compareUntil.localTime}` : ""}`,
      },
      group_by: plan.groupBy,
      then_by: plan.thenBy,
      metrics: plan.metrics.map((m) => ({ id: m.id, label: m.label, format: m.format, description: m.description })),
      rows,
      totals: valuesAt(plan, "", totals, passes.totals),
      compare_totals: compareSums ? valuesAt(plan, "", compareSums, passes.compareTotals) : null,
      warnings: warningsFor(plan, totals, currencies),
    },
  };
}
