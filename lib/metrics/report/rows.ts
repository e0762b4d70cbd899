import type { MetricValue } from "../definitions/registry";
import { parseDecimal } from "../definitions/decimal";
import { KEY_SEPARATOR, labelsFor, partLabels } from "./labels";
import type { ReportOptions } from "./options";
import type { Plan } from "./plan";
import { regroup, type SumsBySpec } from "./sums";
import type { TReportRow } from "./types";
import { valuesAt } from "./values";

// A breakdown's rows: one per dimension value, with its label, its values and the same value's
// over the comparison range (for a time breakdown: the comparison days standing beside the row's).

/** Keys of the rows: every bucket of a time breakdown (empty ones too), else what the sources hold. */
function rowKeys(plan: Plan, sums: SumsBySpec): readonly string[] {
  if (plan.buckets) return plan.buckets;
  const keys = new Set<string>();
  for (const s of sums.values()) for (const key of s.keys()) keys.add(key);
  return [...keys];
}

const nothing = (plan: Plan): Record<string, MetricValue> => Object.fromEntries(plan.metrics.map((m) => [m.id, null]));

/** A comparison's daily sums added up into the range's buckets they stand beside. */
function alignedSums(daily: SumsBySpec, buckets: Map<string, string>): SumsBySpec {
  return new Map([...daily].map(([spec, sums]) => [spec, regroup(sums, (day) => buckets.get(day))]));
}

/** Descending by the first metric (n/a last), then by key, so the biggest segments lead. */
function byFirstMetric(metricId: string) {
  const numeric = (v: MetricValue) => (v === null ? null : parseDecimal(v));
  return (a: TReportRow, b: TReportRow) => {
    const x = numeric(a.values[metricId] ?? null);
    const y = numeric(b.values[metricId] ?? null);
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      return x < y ? 1 : -1;
    }
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  };
}

/**
 * A row's key and label; two-dimension rows also name each part apart (keys, labels), and their
 * key is the two parts joined by "|".
 */
async function rowNames(plan: Plan, keys: readonly string[], options: ReportOptions): Promise<(key: string) => Pick<TReportRow, "key" | "label" | "keys" | "labels">> {
  if (!plan.thenBy) {
    const labels = await labelsFor(plan, keys, options);
    return (key) => ({ key, label: labels.get(key) ?? key });
  }
  const [first, second] = await partLabels(plan, keys, options);
  return (key) => {
    const [a = "", b = ""] = key.split(KEY_SEPARATOR);
    const labels: [string, string] = [first.get(a) ?? a, second.get(b) ?? b];
    return { key: `${a}|${b}`, label: labels.join(" · "), keys: [a, b], labels };
  };
}

/** Rows in reading order: time in sequence, other breakdowns biggest first. None without a breakdown. */
export async function buildRows(plan: Plan, rowSums: SumsBySpec | null, compareRowSums: SumsBySpec | null, options: ReportOptions): Promise<TReportRow[]> {
  if (!plan.groupBy || !rowSums) return [];
  const keys = rowKeys(plan, rowSums);
  const named = await rowNames(plan, keys, options);
  const compareSums = compareRowSums && plan.compareBuckets ? alignedSums(compareRowSums, plan.compareBuckets) : compareRowSums;
  const compareDays = plan.groupBy === "day" && plan.compareBuckets ? new Map([...plan.compareBuckets].map(([c, day]) => [day, c])) : null;
  const partnered = plan.compareBuckets ? new Set(plan.compareBuckets.values()) : null;
  // A bucket no comparison day stands beside (the 31st against a 30-day month) has nothing to compare.
  const compareAt = (key: string) => (partnered && !partnered.has(key) ? nothing(plan) : valuesAt(plan, key, compareSums!, plan.passes.compareRows));
  const rows: TReportRow[] = keys.map((key) => ({
    ...named(key),
    values: valuesAt(plan, key, rowSums, plan.passes.rows),
    ...(compareSums ? { compare: compareAt(key) } : {}),
    ...(compareDays ? { compare_key: compareDays.get(key) ?? null } : {}),
  }));
  if (!plan.isTime) rows.sort(byFirstMetric(plan.metrics[0]!.id));
  return rows;
}
