import { shownRange } from "@/lib/billing/history";
import { db } from "@/lib/db/client";
import { inTransaction, utc } from "@/lib/db/pool";
import { notFound } from "@/lib/errors";
import { divide, formatFixed, parseDecimal } from "@/lib/metrics/definitions/decimal";
import { addDays, localDate, startOfLocalDay } from "@/lib/time/zone";
import { stepLabel, type TFunnelDefinition } from "./definition";
import { assertKnownSteps, hasTrackedEvents } from "./events";
import { DEFAULT_RANGE_DAYS, type FunnelRange } from "./request";
import { hasStaleUnits, keepsProgress, refreshStaleUnits } from "./progress";
import { ensureBuild } from "./progress-requests";
import { progressReportStatement } from "./progress-sql";
import { funnelStatement, type FunnelSqlRow } from "./sql";
import { funnelTimesStatement, readsTimes } from "./times-sql";
import type { FunnelReport, FunnelRow, FunnelStepResult } from "./types";
import { traceReport } from "@/lib/observability/spans";

export type { FunnelReport, FunnelRow, FunnelStepResult } from "./types";

// A funnel's counts over a range of workspace-local days: one statement (progress-sql.ts over a
// kept funnel's finished build; times-sql.ts over the funnel's event times; sql.ts over the events
// when a step has a filter), then the ratios, exact to 4 places, and the breakdown's largest values.

/** Breakdown values listed, the largest by entries; the total still counts every unit. */
export const MAX_BREAKDOWN_ROWS = 50;

const ratio = (a: number, b: number): string | null => {
  const value = divide(parseDecimal(a), parseDecimal(b));
  return value === null ? null : formatFixed(value, 4);
};

function rowOf(row: FunnelSqlRow, stepCount: number): FunnelRow {
  const counts = Array.from({ length: stepCount }, (_, i) => Number(row[`c${i + 1}`] ?? 0));
  const steps = counts.map((count, i): FunnelStepResult => {
    const previous = i === 0 ? count : counts[i - 1]!;
    const median = i === 0 ? null : row[`m${i + 1}`];
    return {
      count,
      conversion: ratio(count, counts[0]!),
      step_conversion: ratio(count, previous),
      drop_off: previous - count,
      drop_off_rate: ratio(previous - count, previous),
      median_seconds_from_previous: median === null || median === undefined ? null : Math.round(Number(median)),
    };
  });
  return { value: row.value, steps };
}

/** The range's local days, defaulting to the DEFAULT_RANGE_DAYS ending today. */
export function resolveRange(range: FunnelRange, timeZone: string, now = new Date()): { date_from: string; date_to: string } {
  const today = localDate(now, timeZone);
  const dateTo = range.date_to ?? (range.date_from && range.date_from > today ? range.date_from : today);
  const dateFrom = range.date_from ?? addDays(dateTo, -(DEFAULT_RANGE_DAYS - 1));
  return { date_from: dateFrom, date_to: dateTo };
}

// The entry step's sort and the steps' hashes hold a row per unit: with the default 4 MB they spill
// to disk on a large store, several times slower.
const WORK_MEM = "64MB";

// Over the event times the planner misjudges the steps' sizes (the key lookups of rows that begin
// early look costly) and sorts every step for merge joins; hashing each step is about a quarter
// cheaper at a tenth of the benchmark's size. Per session it also guesses a late step holds one
// row and probes the index once per unit (four times the CPU of the whole funnel); per visitor,
// ruling out nested loops costs more than it saves.
const HASHED_STEPS = ["SET LOCAL enable_mergejoin = off", "SET LOCAL enable_sort = off"];
const settingsFor = (definition: TFunnelDefinition): string[] =>
  definition.count_by === "session" ? [...HASHED_STEPS, "SET LOCAL enable_nestloop = off"] : HASHED_STEPS;

async function runStatement(statement: { text: string; values: unknown[] }, settings: readonly string[]): Promise<FunnelSqlRow[]> {
  return inTransaction(async (client) => {
    await client.query([`SET LOCAL work_mem = '${WORK_MEM}'`, ...settings].join("; "));
    return (await client.query<FunnelSqlRow>(statement)).rows;
  });
}

export type FunnelRunOptions = { includeBots?: boolean; now?: Date };

export function runFunnelReport(workspaceId: string, definition: TFunnelDefinition, range: FunnelRange = {}, options: FunnelRunOptions = {}): Promise<FunnelReport> {
  return traceReport("funnels", workspaceId, () => runFunnelReportNow(workspaceId, definition, range, options));
}

async function runFunnelReportNow(workspaceId: string, definition: TFunnelDefinition, range: FunnelRange, options: FunnelRunOptions): Promise<FunnelReport> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { timeZone: true } });
  if (!workspace) throw notFound("No such workspace.");
  await assertKnownSteps(workspaceId, definition.steps);
  const includeBots = options.includeBots ?? false;
  const requested = resolveRange(range, workspace.timeZone, options.now);
  const shown = await shownRange(workspaceId, workspace.timeZone, { from: requested.date_from, to: requested.date_to }, options.now);
  const days = { ...requested, date_from: shown.from ?? requested.date_from };
  const from = startOfLocalDay(days.date_from, workspace.timeZone);
  const to = startOfLocalDay(addDays(days.date_to, 1), workspace.timeZone);
  const bounds = { from: utc(from)!, to: utc(to)! };
  const progress = keepsProgress(definition, includeBots) ? await ensureBuild(workspaceId, definition, workspace.timeZone) : null;
  const fromProgress = progress?.state === "ready" && (progress.validFrom === null || progress.validFrom <= days.date_from);
  const [rows, hasEvents] = await Promise.all([
    fromProgress ? progressRows(workspaceId, progress!.id, definition, days) : eventRows(workspaceId, definition, bounds, includeBots),
    hasTrackedEvents(workspaceId),
  ]);

  const stepCount = definition.steps.length;
  const totalRow = rows.find((row) => row.total)!;
  const groups = definition.breakdown
    ? rows
        .filter((row) => !row.total)
        .map((row) => rowOf(row, stepCount))
        .sort((a, b) => b.steps[0]!.count - a.steps[0]!.count || String(a.value).localeCompare(String(b.value)))
    : [];
  return {
    steps: definition.steps.map((step) => ({ event: step.event, where: step.where ?? null, label: stepLabel(step) })),
    window_days: definition.window_days,
    count_by: definition.count_by,
    breakdown: definition.breakdown,
    ...days,
    time_zone: workspace.timeZone,
    include_bots: includeBots,
    bots_excluded: Number(totalRow.bots),
    has_events: hasEvents,
    total: rowOf(totalRow, stepCount),
    breakdown_rows: groups.slice(0, MAX_BREAKDOWN_ROWS),
    breakdown_truncated: groups.length > MAX_BREAKDOWN_ROWS,
    history_note: shown.note,
    summary: progress ? { state: progress.state === "building" ? "building" : fromProgress ? "ready" : "before_kept_days", done: progress.done, total: progress.total } : null,
  };
}

async function progressRows(workspaceId: string, buildId: number, definition: TFunnelDefinition, days: { date_from: string; date_to: string }) {
  // Units changed since the last drain's consumer ran (a merge from the identity page, say) are rewritten first.
  if (await hasStaleUnits(workspaceId)) await refreshStaleUnits(workspaceId);
  const statement = progressReportStatement(workspaceId, buildId, definition, { from: days.date_from, to: days.date_to });
  return runStatement(statement, []);
}

function eventRows(workspaceId: string, definition: TFunnelDefinition, bounds: { from: string; to: string }, includeBots: boolean) {
  const times = readsTimes(definition);
  const statement = (times ? funnelTimesStatement : funnelStatement)(workspaceId, definition, bounds, { includeBots });
  return runStatement(statement, times ? settingsFor(definition) : []);
}
