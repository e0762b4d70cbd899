import { addDays, localDate } from "@/lib/time/zone";
import {
  CHANGE_BASELINE_WEEKS,
  evaluateAnomaly,
  evaluateChange,
  evaluateThreshold,
  type DayReading,
  type MetricReading,
  type Verdict,
} from "./evaluators";
import type { AlertMethodName, AlertWindowName, TRuleParams } from "./schema";
import { dailySeries, dayUntilNow, todaySoFar, type SeriesFilters } from "./series";

// Judges a metric rule now: reads the day it covers and the history its method needs, and hands
// both to the evaluator. Complete-day rules judge yesterday against the eight weeks before it;
// "today so far" rules judge today's running total against the same weekday's past days cut at
// the same local time (four for a change rule; eight, the same weekday only, for an anomaly rule).

/** Weeks of history read for complete days: the anomaly baseline, and the chart beside a rule. */
export const HISTORY_WEEKS = 8;

export type MetricRuleConfig = {
  metric: string;
  filters: SeriesFilters;
  method: AlertMethodName;
  params: TRuleParams;
  window: AlertWindowName;
};

export type Judgement = {
  /** The day judged (workspace time zone). */
  day: string;
  current: MetricReading;
  verdict: Verdict;
  /** The days the baseline came from, oldest first, for charts and previews. */
  history: DayReading[];
};

/**
 * Reports answer 0 for days before a workspace had any data (no orders, no spend), which would
 * read as a steady zero: history starts at the first day with a value other than 0, so a new
 * workspace has too little history rather than a baseline of nothing.
 */
export function sinceFirstValue(history: readonly DayReading[]): DayReading[] {
  const first = history.findIndex((d) => d.value !== null && Number(d.value) !== 0);
  return first < 0 ? [] : history.slice(first);
}

export function judgedDay(window: AlertWindowName, now: Date, timeZone: string): string {
  const today = localDate(now, timeZone);
  return window === "today_so_far" ? today : addDays(today, -1);
}

export function verdictOf(rule: MetricRuleConfig, day: string, current: MetricReading, history: readonly DayReading[]): Verdict {
  const { params } = rule;
  switch (rule.method) {
    case "threshold":
      return evaluateThreshold(current, { operator: params.operator!, value: params.value! });
    case "change":
      return evaluateChange(current, day, history, { direction: params.direction!, percent: params.percent! });
    case "anomaly":
      return evaluateAnomaly(current, day, history, { direction: params.direction!, sensitivity: params.sensitivity! });
  }
}

export async function judgeMetricRule(workspaceId: string, timeZone: string, rule: MetricRuleConfig, now: Date): Promise<Judgement> {
  const day = judgedDay(rule.window, now, timeZone);
  if (rule.window === "complete_day") {
    const series = await dailySeries(workspaceId, rule.metric, rule.filters, addDays(day, -7 * HISTORY_WEEKS), day, now);
    const current = series.find((d) => d.day === day)?.value ?? null;
    const history = sinceFirstValue(series.filter((d) => d.day !== day));
    return { day, current, history, verdict: verdictOf(rule, day, current, history) };
  }
  const current = await todaySoFar(workspaceId, rule.metric, rule.filters, day, now);
  const weeks = rule.method === "change" ? CHANGE_BASELINE_WEEKS : rule.method === "anomaly" ? HISTORY_WEEKS : 0;
  // One report per past day: each is cut at this time of day in its own rolled-back transaction.
  const history: DayReading[] = [];
  for (let k = weeks; k >= 1; k--) history.push(await dayUntilNow(workspaceId, rule.metric, rule.filters, addDays(day, -7 * k), now, timeZone));
  const known = sinceFirstValue(history);
  return { day, current, history: known, verdict: verdictOf(rule, day, current, known) };
}
