import { db } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { addDays } from "@/lib/time/zone";
import { parseInput } from "@/lib/validation";
import { describeJudgement } from "./describe";
import { toNumber, weekdayBaseline, weekdayOf, Z_LIMITS, type DayReading } from "./evaluators";
import type { Judged } from "./incidents";
import { judgeIntegrationRule } from "./integration";
import { HISTORY_WEEKS, judgedDay, judgeMetricRule, type MetricRuleConfig } from "./judge";
import { alertMessage } from "./message";
import { ZRuleInputSchema } from "./schema";
import { dailySeries } from "./series";

// "What it would say now": a rule (saved or not) judged at this moment, the message it would send
// if it fired, and the last eight weeks of its metric with the band its method considers normal,
// so a rule can be tuned before anyone is woken by it. Nothing is recorded.

export type ChartPoint = { day: string; value: number | null; baseline: number | null; low: number | null; high: number | null };

export type RulePreview = {
  judgements: { state: Judged["state"]; subject: string; summary: string; value: string; baseline: string; method: string }[];
  /** The message the first firing judgement would send (or the first judgement's, as if it fired). */
  message: ReturnType<typeof alertMessage> | null;
  /** Metric rules: one point per day of the last eight weeks up to the judged day. */
  chart: ChartPoint[];
};

/** Each day's normal value and band, as the rule's method sees it from the series itself. */
export function bandOf(rule: MetricRuleConfig, series: readonly DayReading[]): ChartPoint[] {
  const { sigma, medians } = weekdayBaseline(series);
  return series.map(({ day, value }) => {
    const v = toNumber(value);
    if (rule.method === "threshold") {
      const t = Number(rule.params.value);
      return { day, value: v, baseline: t, low: rule.params.operator === "below" ? t : null, high: rule.params.operator === "above" ? t : null };
    }
    if (rule.method === "anomaly") {
      const m = medians.get(weekdayOf(day)) ?? null;
      const k = Z_LIMITS[rule.params.sensitivity ?? "medium"] * sigma;
      return { day, value: v, baseline: m, low: m === null ? null : m - k, high: m === null ? null : m + k };
    }
    const past = [1, 2, 3, 4].map((w) => toNumber(series.find((p) => p.day === addDays(day, -7 * w))?.value ?? null)).filter((x): x is number => x !== null);
    const base = past.length >= 2 ? past.reduce((a, b) => a + b, 0) / past.length : null;
    const share = (rule.params.percent ?? 0) / 100;
    return { day, value: v, baseline: base, low: base === null ? null : base - Math.abs(base) * share, high: base === null ? null : base + Math.abs(base) * share };
  });
}

export async function previewRule(workspaceId: string, input: unknown, now = new Date()): Promise<RulePreview> {
  const rule = parseInput(ZRuleInputSchema, input);
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { name: true, slug: true, timeZone: true, currency: true } });
  if (!workspace) throw notFound();
  let judged: Judged[];
  let chart: ChartPoint[] = [];
  if (rule.kind === "integration") {
    judged = await judgeIntegrationRule(workspaceId, { name: rule.name, check: rule.check!, hours: rule.hours ?? null }, now, workspace.timeZone);
  } else {
    const config: MetricRuleConfig = { metric: rule.metric!, filters: rule.filters, method: rule.method!, params: rule.params, window: rule.window! };
    const judgement = await judgeMetricRule(workspaceId, workspace.timeZone, config, now);
    judged = [describeJudgement(rule.name, config, judgement, workspace.currency, workspace.timeZone, now)];
    const day = judgedDay(config.window, now, workspace.timeZone);
    // The same report a complete-day rule just read (so it comes from the result cache).
    const series = await dailySeries(workspaceId, config.metric, config.filters, addDays(day, -7 * HISTORY_WEEKS), day, now);
    chart = bandOf(config, series);
  }
  const shown = judged.find((j) => j.state === "firing") ?? judged[0] ?? null;
  return {
    judgements: judged.map((j) => ({ state: j.state, subject: j.figures.subject, summary: j.figures.summary, value: j.figures.value, baseline: j.figures.baseline, method: j.figures.method })),
    message: shown ? alertMessage(workspace, shown.figures, "opened") : null,
    chart,
  };
}

