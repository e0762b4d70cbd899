import { AppError } from "@/lib/errors";
import { attributionVariant } from "../definitions/attribution-metrics";
import type { ResolvedMetric } from "../definitions/catalog";
import { alignedDays, bucketOf, comparisonRange, timeBuckets } from "./periods";
import { aliasNotes, METRIC_ALIASES, TIME_DIMENSIONS, type Dimension, type TParsedReportRequest } from "./schema";
import { closestIds } from "./suggest";
import { applies, salesTableOf, specKey, specOf, type SourceSpec } from "./sql";
import { salesMetricFits, type SalesTable } from "./dimensions";
import type { Workspace } from "./workspace";
import { taggedApplies } from "./tagged";
import { splitRange, worthSplitting, type RangeSplit } from "../rollups/range-split";
import { localDate, localTime, wallTimeIn, zonedToUtc } from "@/lib/time/zone";

// What a report reads before anything is read: its metrics, the sources behind them, and the
// statements (passes) over the range and the comparison range. A source a pass leaves out can't
// answer that pass's breakdown or filters, so the metrics reading it are n/a there.

type DayRange = { date_from: string; date_to: string };

/**
 * The statements over one day range, one per source, split by `groupBy` (null: period totals).
 * `split`: the whole months and weeks the range reads from the period rollups (null: every day
 * from the daily ones). `until`: the range's last day counts only what happened before this
 * instant (see until.ts).
 */
export type Pass = {
  fromDay: string;
  toDay: string;
  groupBy: Dimension | null;
  /** The second dimension of a two-dimension breakdown. */
  thenBy: Dimension | null;
  specs: SourceSpec[];
  split: RangeSplit | null;
  until: Date | null;
  /** The sales rollup the pass's sales statement reads (its metrics missing an input there are n/a). */
  salesTable: SalesTable | null;
};

export type Plan = {
  workspace: Workspace;
  request: TParsedReportRequest;
  metrics: ResolvedMetric[];
  /** Each source the metrics read, once (metrics of one product group share theirs). */
  specs: SourceSpec[];
  groupBy: Dimension | null;
  thenBy: Dimension | null;
  isTime: boolean;
  compareRange: DayRange | null;
  /**
   * For a time breakdown with a comparison: the bucket of the range each comparison day stands
   * beside (day 1 with day 1), so the comparison's days add up into the same rows.
   */
  compareBuckets: Map<string, string> | null;
  /**
   * Today so far is compared with its comparison day only until the same local time; null for
   * every other range. Ad and traffic facts have no time of day, so they sit that comparison out.
   */
  compareUntil: { instant: Date; localTime: string } | null;
  /** The workspace's local day at `now`: which customers' LTV windows have ended. */
  today: string;
  /** Every bucket of a time breakdown, empty ones too; null for other breakdowns. */
  buckets: readonly string[] | null;
  /** Sources whose period totals are the sum of the breakdown's rows, so they need no statement. */
  fromRows: SourceSpec[];
  passes: { totals: Pass; rows: Pass | null; compareTotals: Pass | null; compareRows: Pass | null };
};

/** Names each unknown id with what it probably meant, then every valid id and alias. */
function unknownMetricsMessage(unknown: string[], catalog: ResolvedMetric[]): string {
  const names = [...catalog.map((m) => m.id), ...Object.keys(METRIC_ALIASES)];
  const described = unknown.map((id) => {
    const near = closestIds(id, names);
    return near.length > 0 ? `"${id}" (did you mean ${near.join(" or ")}?)` : `"${id}"`;
  });
  return (
    `metrics: unknown metric${unknown.length > 1 ? "s" : ""} ${described.join(", ")}. ` +
    `Valid metrics: ${catalog.map((m) => m.id).join(", ")}; aliases: ${aliasNotes(METRIC_ALIASES).join(", ")}.`
  );
}

function metricsOf(request: TParsedReportRequest, catalog: ResolvedMetric[]): ResolvedMetric[] {
  const byId = new Map(catalog.map((m) => [m.id, m]));
  const ids = [...new Set(request.metrics)];
  // Parameterised attribution ids resolve here (a bad model or window is a 400 naming it).
  for (const id of ids) if (!byId.has(id)) byId.set(id, attributionVariant(id)!);
  const unknown = ids.filter((id) => !byId.get(id));
  if (unknown.length > 0) throw AppError.field("metrics", unknownMetricsMessage(unknown, catalog));
  return ids.map((id) => byId.get(id)!);
}

/** Keyed by specKey: several metrics read one source, and it is read once. */
function specsOf(metrics: ResolvedMetric[]): SourceSpec[] {
  const specs = new Map<string, SourceSpec>();
  for (const m of metrics) {
    for (const source of m.sources) {
      const spec = specOf(m, source);
      specs.set(specKey(spec), spec);
    }
  }
  return [...specs.values()];
}

/** Sources of unique counts: a person in two rows (two weeks, two channels) is one in their sum. */
const UNIQUE_SOURCES: readonly string[] = ["customers", "visitors"];

/** Dimensions whose rows overlap: a line in two product groups is in both. */
const OVERLAPPING: readonly (Dimension | null)[] = ["product_group"];

/**
 * Whether a source's period totals are the sum of its rows under this breakdown: every row falls
 * in exactly one bucket, channel, platform or campaign. Not for unique counts (one customer can be
 * returning in two weeks but once in the period) nor product groups (which overlap).
 */
function totalsFromRows(
  spec: SourceSpec,
  groupBy: Dimension | null,
  thenBy: Dimension | null,
  filters: TParsedReportRequest["filters"],
  metrics: readonly ResolvedMetric[],
): boolean {
  if (groupBy === null || OVERLAPPING.includes(groupBy) || OVERLAPPING.includes(thenBy) || UNIQUE_SOURCES.includes(spec.source)) return false;
  if (!applies(spec, groupBy, filters, thenBy)) return false;
  if (spec.source !== "sales") return true;
  const rowsTable = salesTableOf(spec, groupBy, thenBy, filters);
  if (rowsTable === salesTableOf(spec, null, null, filters)) return true;
  // The breakdown rollups are written by the sales rollup's own statement from the same lines, so
  // their rows add up to its sums; a rollup without the order-level sums (products) stands in for
  // the totals only when every sales metric asked for is made of the sums it holds.
  return rowsTable !== null && metrics.every((m) => m.group !== null || !m.sources.includes("sales") || salesMetricFits(m, rowsTable));
}

function bucketsOfCompareDays(request: TParsedReportRequest, compareRange: DayRange, unit: (typeof TIME_DIMENSIONS)[number]): Map<string, string> {
  const byCalendarDate = request.compare === "previous_year" || request.period === "year_to_date";
  const pairs = alignedDays(request, compareRange, byCalendarDate);
  return new Map([...pairs].map(([compareDay, day]) => [compareDay, bucketOf(unit, day)]));
}

/**
 * The coarsest rollups that answer a pass exactly: a time breakdown needs its days (a bucket can
 * start mid-month), anything else sums whole months and weeks from the period rollups.
 */
function splitFor(workspace: Workspace, range: DayRange, by: Dimension | null, usePeriods: boolean): RangeSplit | null {
  if (!usePeriods || !workspace.periodsReady || (by !== null && (TIME_DIMENSIONS as readonly string[]).includes(by))) return null;
  const split = splitRange(range.date_from, range.date_to);
  return worthSplitting(split) ? split : null;
}

/**
 * Today is compared until the local time it is now, to the minute (so the reports of one minute
 * share their answers): the same wall-clock time on the comparison day.
 */
function compareCutoff(workspace: Workspace, request: TParsedReportRequest, compareRange: DayRange | null, now: Date): Plan["compareUntil"] {
  if (!compareRange || request.period !== "today" || request.date_to !== localDate(now, workspace.timeZone)) return null;
  const wall = wallTimeIn(now, workspace.timeZone);
  const [year, month, day] = compareRange.date_to.split("-").map(Number) as [number, number, number];
  const instant = zonedToUtc({ ...wall, second: 0, year, month, day }, workspace.timeZone);
  return { instant, localTime: localTime(now, workspace.timeZone) };
}

/** Sources whose facts carry a time of day, so a comparison can stop at one. */
const TIMED_SOURCES: readonly string[] = ["sales", "customers"];

export function planReport(
  workspace: Workspace,
  request: TParsedReportRequest,
  catalog: ResolvedMetric[],
  { usePeriods = true, now = new Date() }: { usePeriods?: boolean; now?: Date } = {},
): Plan {
  const metrics = metricsOf(request, catalog);
  const specs = specsOf(metrics);
  const { filters } = request;
  const groupBy = request.group_by?.[0] ?? null;
  const thenBy = request.group_by?.[1] ?? null;
  const isTime = groupBy !== null && (TIME_DIMENSIONS as readonly string[]).includes(groupBy);
  const compareRange = comparisonRange(request.compare, request.date_from, request.date_to, request.period);
  const unit = isTime ? (groupBy as (typeof TIME_DIMENSIONS)[number]) : null;
  const compareBuckets = compareRange && unit ? bucketsOfCompareDays(request, compareRange, unit) : null;
  // A tag's sums are read per statement from its members' ledger (tagged.ts), never summed from rows.
  const fromRows = request.tag ? [] : specs.filter((spec) => totalsFromRows(spec, groupBy, thenBy, filters, metrics));
  const readable = (spec: SourceSpec, by: Dimension | null, then: Dimension | null) =>
    request.tag ? taggedApplies(spec, by, then, filters) : applies(spec, by, filters, then);

  const compareUntil = compareCutoff(workspace, request, compareRange, now);
  const pass = (range: DayRange, by: Dimension | null, skip: SourceSpec[] = [], until: Date | null = null): Pass => {
    // Comparison passes of a time breakdown read by day; two dimensions never include time.
    const then = by === null ? null : thenBy;
    return {
      fromDay: range.date_from,
      toDay: range.date_to,
      groupBy: by,
      thenBy: then,
      salesTable: salesTableOf({ source: "sales", group: null }, by, then, filters),
      specs: specs.filter((spec) => readable(spec, by, then) && !skip.includes(spec) && (until === null || TIMED_SOURCES.includes(spec.source))),
      // A pass cut at an instant reads the day it recomputes, never the period rollups.
      split: until === null ? splitFor(workspace, range, by, usePeriods) : null,
      until,
    };
  };
  const cutoff = compareUntil?.instant ?? null;

  return {
    workspace,
    request,
    metrics,
    specs,
    groupBy,
    thenBy,
    isTime,
    compareRange,
    compareBuckets,
    compareUntil,
    today: localDate(now, workspace.timeZone),
    buckets: unit ? timeBuckets(unit, request.date_from, request.date_to) : null,
    fromRows,
    passes: {
      totals: pass(request, null, fromRows),
      rows: groupBy ? pass(request, groupBy) : null,
      compareTotals: compareRange ? pass(compareRange, null, [], cutoff) : null,
      // A time breakdown's comparison is read by day and added up into the range's buckets. Unique
      // counts don't add up across days (a customer returning twice in a week is one), so a weekly
      // or monthly comparison of them is n/a.
      compareRows: !compareRange || !groupBy
        ? null
        : !unit
          ? pass(compareRange, groupBy, [], cutoff)
          : pass(compareRange, "day", unit === "day" ? [] : specs.filter((s) => UNIQUE_SOURCES.includes(s.source)), cutoff),
    },
  };
}
