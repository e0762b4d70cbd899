import { runCohortReport } from "@/lib/cohorts/report";
import { parseDecimal } from "@/lib/metrics/definitions/decimal";
import { getMetric, isMetricId, type MetricValue } from "@/lib/metrics/definitions/registry";
import { relativeChange } from "@/lib/metrics/report/format";
import { runReport, type ReportOptions } from "@/lib/metrics/report/run";
import type { TMetricInfo } from "@/lib/metrics/report/types";
import { addDays } from "@/lib/time/zone";
import type { DigestRange } from "./schedule";
import type { TSection } from "./sections";

// A digest's figures for one run: every section's numbers read through the report engine (never
// the facts), in one shared statement cache so sections asking for the same sums read them once.

export type KpiFigure = TMetricInfo & {
  value: MetricValue;
  /** The previous period of the same length (yesterday: the day before). */
  previous: MetricValue;
  /** Relative change vs previous as a fraction string ("0.125"), null when it has no meaning. */
  vs_previous: string | null;
  /** A daily digest's same weekday a week earlier; null for weeks and months. */
  same_weekday: MetricValue;
  vs_same_weekday: string | null;
};

export type RankedRow = { key: string; label: string; values: Record<string, MetricValue> };

export type CohortLine = { key: string; label: string; customers: number; retention: MetricValue[] };

export type DigestFigures = {
  range: DigestRange;
  currency: string;
  /** Every KPI the sections, title placeholders and conditions name, in the order first named. */
  kpis: KpiFigure[];
  campaigns: RankedRow[] | null;
  productGroups: RankedRow[] | null;
  cohorts: CohortLine[] | null;
};

const nonZero = (value: MetricValue) => value !== null && parseDecimal(value) !== 0n;

const CAMPAIGN_METRICS = ["ad_spend", "roas"];
const GROUP_METRICS = ["net_sales", "orders"];

/**
 * Reads the figures a digest shows over `range`. `extraMetrics` are those a template names
 * outside the KPI section (placeholders, conditions): they are read with the KPIs.
 */
export async function composeFigures(
  workspaceId: string,
  range: DigestRange,
  sections: TSection[],
  extraMetrics: string[] = [],
  options: ReportOptions = {},
): Promise<DigestFigures> {
  const shared: ReportOptions = { cache: new Map(), ...options };
  const base = { date_from: range.date_from, date_to: range.date_to, period: range.period };
  const wants = (type: TSection["type"]) => sections.find((s) => s.type === type);
  const kpiSection = sections.find((s) => s.type === "kpis");
  const kpiIds = [...new Set([...(kpiSection?.metrics ?? []), ...extraMetrics])].filter(isMetricId);
  const daily = range.date_from === range.date_to;

  const kpiReport = kpiIds.length > 0 ? runReport(workspaceId, { ...base, metrics: kpiIds, compare: "previous_period" }, shared) : null;
  const weekAgo = addDays(range.date_from, -7);
  const sameWeekday = kpiIds.length > 0 && daily ? runReport(workspaceId, { date_from: weekAgo, date_to: weekAgo, metrics: kpiIds }, shared) : null;
  const campaigns = wants("top_campaigns") ? runReport(workspaceId, { ...base, metrics: CAMPAIGN_METRICS, group_by: "campaign" }, shared) : null;
  const groups = wants("product_groups") ? runReport(workspaceId, { ...base, metrics: GROUP_METRICS, group_by: "product_group" }, shared) : null;
  const cohortSection = sections.find((s) => s.type === "cohorts");
  const cohorts = cohortSection ? cohortLines(workspaceId, range, cohortSection.limit, options.now) : null;

  const [kpi, weekly, byCampaign, byGroup, cohortRows] = await Promise.all([kpiReport, sameWeekday, campaigns, groups, cohorts]);
  const kpis = kpiIds.map((id): KpiFigure => {
    const { label, format, description } = getMetric(id);
    const value = kpi!.totals[id] ?? null;
    const previous = kpi!.compare_totals?.[id] ?? null;
    const same = weekly ? (weekly.totals[id] ?? null) : null;
    return {
      id, label, format, description, value, previous,
      vs_previous: relativeChange(value, previous),
      same_weekday: same,
      vs_same_weekday: weekly ? relativeChange(value, same) : null,
    };
  });
  const limitOf = (type: "top_campaigns" | "product_groups") => {
    const section = sections.find((s) => s.type === type);
    return section && "limit" in section ? section.limit : 0;
  };
  const ranked = (rows: { key: string; label: string; values: Record<string, MetricValue> }[], limit: number) =>
    // Rows arrive biggest first by the first metric; those with nothing in the range say nothing.
    rows.filter((r) => Object.values(r.values).some(nonZero)).slice(0, limit).map(({ key, label, values }) => ({ key, label, values }));
  return {
    range,
    currency: (kpi ?? byCampaign ?? byGroup)?.currency ?? "",
    kpis,
    campaigns: byCampaign ? ranked(byCampaign.rows, limitOf("top_campaigns")) : null,
    productGroups: byGroup ? ranked(byGroup.rows, limitOf("product_groups")) : null,
    cohorts: cohortRows,
  };
}

/**
 * The latest monthly cohorts that have at least one month after their first: size and retention
 * by month. Null when the workspace has no cohorts yet, so the section is left out rather than empty.
 */
async function cohortLines(workspaceId: string, range: DigestRange, limit: number, now?: Date): Promise<CohortLine[] | null> {
  const report = await runCohortReport(workspaceId, { period: "month", metric: "retention", date_to: range.date_to }, { now });
  const rows = report.rows.filter((r) => r.customers > 0).slice(-limit);
  if (rows.length === 0) return null;
  return rows.map((r) => ({
    key: r.key,
    label: r.label,
    customers: r.customers,
    retention: r.cells.filter((c) => c.offset > 0).slice(0, 3).map((c) => c.value),
  }));
}
