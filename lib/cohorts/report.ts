import { clampRange, historyWindow, type HistoryWindow } from "@/lib/billing/history";
import { AppError } from "@/lib/errors";
import { formatFixed, type Dec } from "@/lib/metrics/definitions/decimal";
import { currencyDecimals, RATIO_DECIMALS } from "@/lib/metrics/report/precision";
import { workspaceOf } from "@/lib/metrics/report/workspace";
import { localDate } from "@/lib/time/zone";
import { readCells, MAX_SEGMENT_ROWS, type Cell, type CellQuery } from "./cells";
import { assertTagOf } from "@/lib/tags/members";
import { readTaggedCells } from "./tagged-cells";
import { latestLtvModel } from "./model";
import { addSums, cacOf, curveOf, emptySums, ltvToCac, paybackOffset, type CohortInput, type CurvePoint } from "./curves";
import { cohortLabel, segmentValueLabels } from "./labels";
import { COHORT_METRIC_DEFINITIONS, cohortMetricInfo } from "./metrics";
import { addPeriods, HORIZON_MONTHS, horizonOffset, periodEnd, periodsBetween, periodStart, type CohortGrain } from "./periods";
import { COHORT_METRICS, DEFAULT_COHORTS, type CohortRequest } from "./request";
import { spendByPeriod } from "./spend";
import type { TCohortCell, TCohortReport, TCohortRow } from "./types";
import { traceReport } from "@/lib/observability/spans";

// The cohort report: cohort_cells (never orders) summed into rows, their curves, and CAC from the
// ad rollups. Rows are cohorts of a period, or with cohort_by the values of a segment, each
// summing its cohorts within the range (offset k counting only cohorts that have reached k).

/** The most cohort periods one report covers. */
export const MAX_COHORTS = 60;

export type CohortReportOptions = { now?: Date };

type Workspace = { id: string; timeZone: string; currency: string };

function money(value: Dec | null, currency: string): string | null {
  return value === null ? null : formatFixed(value, currencyDecimals(currency));
}

function shown(value: Dec | number | null, format: string, currency: string): string | number | null {
  if (value === null || typeof value === "number") return value;
  return format === "money" ? money(value, currency) : formatFixed(value, RATIO_DECIMALS);
}

function cellsOf(curve: CurvePoint[], request: CohortRequest, currency: string, cohortStart: string | null): TCohortCell[] {
  return curve.map((point) => {
    const values = Object.fromEntries(
      COHORT_METRICS.map((id) => {
        const definition = COHORT_METRIC_DEFINITIONS[id];
        return [id, shown(definition.read(point), definition.format, currency)];
      }),
    ) as TCohortCell["values"];
    return {
      offset: point.offset,
      period_start: cohortStart === null ? null : addPeriods(cohortStart, request.period, point.offset),
      complete: point.complete,
      value: values[request.metric],
      values,
    };
  });
}

function rowOf(
  key: string,
  label: string,
  cohorts: CohortInput[],
  spend: Dec | null,
  request: CohortRequest,
  currency: string,
  single: boolean,
  predicted: Dec | null = null,
): TCohortRow {
  const curve = curveOf(cohorts);
  const customers = cohorts.reduce((sum, c) => sum + c.size, 0);
  const cac = cacOf(spend, customers);
  // A ratio: four places whatever the currency.
  const ltvCac = Object.fromEntries(
    HORIZON_MONTHS.map((months) => {
      const ratio = ltvToCac(curve, horizonOffset(months, request.period), cac, single);
      return [String(months), ratio === null ? null : formatFixed(ratio, RATIO_DECIMALS)];
    }),
  ) as TCohortRow["ltv_cac"];
  return {
    key,
    label,
    customers,
    ad_spend: spend === null ? null : money(spend, currency),
    cac: money(cac, currency),
    ltv_cac: ltvCac,
    payback_offset: paybackOffset(curve, cac),
    predicted_ltv_12m: money(predicted, currency),
    cells: cellsOf(curve, request, currency, single ? key : null),
  };
}

/** Cells grouped into cohorts (dropping any dated after today's period), in cohort order. */
function cohortsOf(cells: Cell[], grain: CohortGrain, today: string): CohortInput[] {
  const byCohort = new Map<string, CohortInput>();
  for (const cell of cells) {
    let cohort = byCohort.get(cell.cohort);
    if (!cohort) {
      cohort = { cohort: cell.cohort, size: 0, lastOffset: periodsBetween(cell.cohort, today, grain), cells: new Map() };
      byCohort.set(cell.cohort, cohort);
    }
    if (cell.offset > cohort.lastOffset || cell.offset < 0) continue;
    const sums = cohort.cells.get(cell.offset) ?? emptySums();
    addSums(sums, cell.sums);
    cohort.cells.set(cell.offset, sums);
    if (cell.offset === 0) cohort.size += cell.sums.customers;
  }
  // A cohort exists through its customers; cells without any (a rebuild under way) are no cohort.
  return [...byCohort.values()].filter((c) => c.size > 0 && c.lastOffset >= 0).sort((a, b) => a.cohort.localeCompare(b.cohort));
}

/** The range of cohorts a request covers: date_to clamped to today, date_from defaulting to a year or so before. */
export function cohortRange(request: CohortRequest, today: string): { fromCohort: string; toCohort: string; dateTo: string } {
  const dateTo = request.date_to && request.date_to < today ? request.date_to : today;
  const toCohort = periodStart(dateTo, request.period);
  const fromCohort = request.date_from
    ? periodStart(request.date_from, request.period)
    : addPeriods(toCohort, request.period, -(DEFAULT_COHORTS[request.period] - 1));
  return { fromCohort, toCohort, dateTo };
}

/**
 * The cohorts the plan shows: a cohort period is a whole, so those that start before the plan's
 * earliest day are left out (some of their first orders are older), and the report says so.
 */
export function cohortsShown(
  range: { fromCohort: string; toCohort: string; dateTo: string }, grain: CohortGrain, window: HistoryWindow | null,
): { fromCohort: string; toCohort: string; dateTo: string; warning: string | null } {
  const shown = clampRange({ from: range.fromCohort, to: range.dateTo }, window);
  if (!window || shown.note === null) return { ...range, warning: null };
  const start = periodStart(window.earliest, grain);
  const fromCohort = start === window.earliest ? start : addPeriods(start, grain, 1);
  if (fromCohort > range.toCohort) {
    throw new AppError("payment_required", `No whole ${grain} cohort starts on or after ${window.earliest}: pick a shorter period. ${window.note}`);
  }
  return { ...range, fromCohort, warning: `Cohorts start with ${cohortLabel(fromCohort, grain)}, the first whole ${grain} from ${window.earliest}. ${window.note}` };
}

const sumOf = (values: (Dec | undefined)[]): Dec | null => {
  const present = values.filter((v): v is Dec => v !== undefined);
  return present.length === 0 ? null : present.reduce((a, b) => a + b, 0n);
};

/**
 * The cohort report of a workspace. Reads cohort_cells for the cohorts and ad_daily for spend;
 * `bench/cohorts.ts` times exactly this function.
 */
export function runCohortReport(workspaceId: string, request: CohortRequest, options: CohortReportOptions = {}): Promise<TCohortReport> {
  return traceReport("cohorts", workspaceId, () => runCohortReportNow(workspaceId, request, options));
}

async function runCohortReportNow(workspaceId: string, request: CohortRequest, options: CohortReportOptions): Promise<TCohortReport> {
  const workspace: Workspace = await workspaceOf(workspaceId, {});
  const now = options.now ?? new Date();
  const today = localDate(now, workspace.timeZone);
  const { fromCohort, toCohort, dateTo, warning: history } = cohortsShown(cohortRange(request, today), request.period, await historyWindow(workspaceId, workspace.timeZone, now));
  if (fromCohort > toCohort) {
    throw AppError.field("date_from", "date_from: there are no first orders after today; pick an earlier date.");
  }
  const count = periodsBetween(fromCohort, toCohort, request.period) + 1;
  if (count > MAX_COHORTS) {
    throw AppError.field("date_from", `date_from: at most ${MAX_COHORTS} ${request.period} cohorts at once (this range has ${count}); pick a later date_from or a longer period.`);
  }

  const bySegment = request.cohort_by ?? null;
  const segment = bySegment ?? request.segment ?? "all";
  const segmentValue = request.segment && (!bySegment || bySegment === request.segment) ? request.segment_value! : null;
  const cacChannel = segment === "channel" ? segmentValue : null;
  // Ad spend is not spent per tag, so a tag's cohorts have no CAC.
  const cacApplies = !request.tag && (segment === "all" || segment === "channel");
  if (request.tag) await assertTagOf(workspaceId, request.tag);
  const cellQuery: CellQuery = { workspaceId, grain: request.period, segment, segmentValue: segment === "all" ? null : segmentValue, fromCohort, toCohort };

  const [cells, spend, model] = await Promise.all([
    request.tag ? readTaggedCells(request.tag, cellQuery) : readCells(cellQuery),
    cacApplies ? spendByPeriod(workspace, request.period, fromCohort, periodEnd(toCohort, request.period)) : Promise.resolve(null),
    latestLtvModel(workspaceId),
  ]);
  // The model predicts monthly cohorts of every customer.
  const predictedOf = (cohort: string) => (request.period === "month" && segment === "all" && !request.tag ? (model?.predicted.get(cohort) ?? null) : null);

  const warnings: string[] = [];
  const spendOf = (channel: string | null, periods: string[]): Dec | null => {
    if (!spend) return null;
    const byPeriod = channel === null ? spend.blended : spend.byChannel.get(channel);
    return byPeriod ? sumOf(periods.map((p) => byPeriod.get(p))) : null;
  };

  let rows: TCohortRow[];
  let total: TCohortRow | null = null;
  if (bySegment) {
    const byValue = new Map<string, Cell[]>();
    for (const cell of cells) {
      if (!byValue.has(cell.segmentValue)) byValue.set(cell.segmentValue, []);
      byValue.get(cell.segmentValue)!.push(cell);
    }
    const labels = await segmentValueLabels(workspaceId, bySegment, [...byValue.keys()]);
    const periods = Array.from({ length: count }, (_, i) => addPeriods(fromCohort, request.period, i));
    rows = [...byValue.entries()]
      .map(([value, valueCells]) => {
        const cohorts = cohortsOf(valueCells, request.period, today);
        const rowSpend = bySegment === "channel" ? spendOf(value, periods) : null;
        return rowOf(value, labels.get(value) ?? value, cohorts, rowSpend, request, workspace.currency, false);
      })
      .filter((row) => row.customers > 0)
      .sort((a, b) => b.customers - a.customers || a.key.localeCompare(b.key));
    if (rows.length >= MAX_SEGMENT_ROWS && !segmentValue) warnings.push(`Only the ${MAX_SEGMENT_ROWS} largest values are shown.`);
  } else {
    const cohorts = cohortsOf(cells, request.period, today);
    rows = cohorts.map((cohort) =>
      rowOf(
        cohort.cohort, cohortLabel(cohort.cohort, request.period), [cohort], spendOf(cacChannel, [cohort.cohort]), request, workspace.currency, true,
        predictedOf(cohort.cohort),
      ),
    );
    if (cohorts.length > 0) {
      const totalSpend = spendOf(cacChannel, cohorts.map((c) => c.cohort));
      total = rowOf("total", "All cohorts", cohorts, totalSpend, request, workspace.currency, false);
    }
  }

  const unconverted = cells.reduce((sum, cell) => sum + cell.sums.unconvertedEvents, 0);
  if (unconverted > 0) {
    warnings.push(`${unconverted} orders or refunds had no exchange rate for their day and count as 0. Load exchange rates for those days.`);
  }
  if (spend && spend.unconvertible.length > 0) {
    warnings.push(`Ad spend in ${spend.unconvertible.join(", ")} has no exchange rate for some days: CAC is n/a for those periods.`);
  }
  if (!cacApplies) warnings.push(request.tag ? "CAC applies to all customers or to a channel: it is n/a for a tag." : "CAC applies to all customers or to a channel: it is n/a for this segment.");

  return {
    period: request.period,
    metric: request.metric,
    date_from: fromCohort,
    date_to: dateTo,
    segment: request.segment ?? null,
    segment_value: request.segment_value ?? null,
    cohort_by: bySegment,
    tag: request.tag ?? null,
    currency: workspace.currency,
    today,
    metrics: COHORT_METRICS.map(cohortMetricInfo),
    rows,
    total,
    max_offset: Math.max(-1, ...rows.map((row) => row.cells.length - 1)),
    model: model ? { status: model.status, reason: model.reason, fitted_at: model.fitted_at } : null,
    cac_applies: cacApplies,
    warnings,
    history_note: history,
  };
}

