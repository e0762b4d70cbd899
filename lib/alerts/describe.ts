import { getMetric, isMetricId } from "@/lib/metrics/definitions/registry";
import { formatMetric } from "@/lib/metrics/report/format";
import { localTime } from "@/lib/time/zone";
import type { Verdict } from "./evaluators";
import type { Judgement, MetricRuleConfig } from "./judge";
import type { Judged } from "./incidents";
import type { AlertFigures } from "./message";

// A metric rule's judgement in words: what the message, the incident list and the page's live
// preview ("what it would say now") all show.

const percent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 });
const zFormat = new Intl.NumberFormat("en", { maximumFractionDigits: 1 });
const dayFormat = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });

export const dayInWords = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));

function baselineWords(rule: MetricRuleConfig, verdict: Verdict, shown: string): string {
  switch (rule.method) {
    case "threshold":
      return `${shown} (threshold)`;
    case "change":
      return `${shown} (average of the same weekday, last 4 weeks${rule.window === "today_so_far" ? ", until the same time" : ""})`;
    case "anomaly":
      return `${shown} (median of the same weekday${rule.window === "today_so_far" ? ", until the same time" : ""}; normal band ${verdict.band ? `${verdict.band.low.toFixed(2)} to ${verdict.band.high.toFixed(2)}` : "n/a"})`;
  }
}

function summaryOf(rule: MetricRuleConfig, verdict: Verdict, shownBaseline: string): string {
  if (verdict.state === "insufficient") return `not judged: ${verdict.reason}`;
  const within = verdict.state === "quiet" ? "within bounds; " : "";
  if (rule.method === "threshold") return `${within}${rule.params.operator} the threshold of ${shownBaseline}`.replace(/^within bounds; (above|below)/, "within bounds; not $1");
  const delta = verdict.value! - verdict.baseline!;
  const where = delta < 0 ? "below" : "above";
  if (rule.method === "change") {
    return `${within}${percent.format(Math.abs(delta / verdict.baseline!))} ${where} the baseline of ${shownBaseline}`;
  }
  const z = verdict.z === null || verdict.z === undefined ? "the history has no spread, so any change is unusual" : `robust z-score ${zFormat.format(verdict.z)}`;
  return `${within}${where} the baseline of ${shownBaseline} (${z})`;
}

export function describeJudgement(ruleName: string, rule: MetricRuleConfig, judgement: Judgement, currency: string, timeZone: string, now: Date): Judged {
  const { verdict, current, day } = judgement;
  const metric = isMetricId(rule.metric) ? getMetric(rule.metric) : null;
  const label = metric?.label ?? rule.metric;
  const show = (value: string | number | null) => formatMetric(value, metric?.format ?? "ratio", currency);
  const shownBaseline = verdict.baseline === null ? "none" : show(metric?.format === "count" ? verdict.baseline : verdict.baseline.toFixed(4));
  const when = rule.window === "today_so_far" ? `today so far (until ${localTime(now, timeZone)})` : `on ${dayInWords(day)}`;
  const figures: AlertFigures = {
    rule: ruleName,
    subject: `${label} ${when}`,
    value: show(current),
    baseline: verdict.baseline === null ? "none" : baselineWords(rule, verdict, shownBaseline),
    method: verdict.method,
    summary: `${show(current)}, ${summaryOf(rule, verdict, shownBaseline)}.`,
  };
  return {
    subject: "",
    day,
    state: verdict.state,
    deviation: verdict.deviation,
    value: current === null ? null : String(current),
    baseline: verdict.baseline === null ? null : verdict.baseline.toFixed(4),
    figures,
  };
}
