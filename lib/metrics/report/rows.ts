import type { MetricValue } from "../definitions/registry";
import { parseDecimal } from "../definitions/decimal";
import { labelsFor } from "./labels";
import type { ReportOptions } from "./options";
import type { Plan } from "./plan";
import type { SumsBySpec } from "./sums";
import type { TReportRow } from "./types";
import { valuesAt } from "./values";

// A breakdown's rows: one per dimension value, with its label, its values and (outside time
// breakdowns) the same value's over the comparison range.

/** Keys of the rows: every bucket of a time breakdown (empty ones too), else what the sources hold. */
function rowKeys(plan: Plan, sums: SumsBySpec): readonly string[] {
  if (plan.buckets) return plan.buckets;
  const keys = new Set<string>();
  for (const s of sums.values()) for (const key of s.keys()) keys.add(key);
  return [...keys];
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

/** Rows in reading order: time in sequence, other breakdowns biggest first. None without a breakdown. */
export async function buildRows(plan: Plan, rowSums: SumsBySpec | null, compareRowSums: SumsBySpec | null, options: ReportOptions): Promise<TReportRow[]> {
  if (!plan.groupBy || !rowSums) return [];
  const keys = rowKeys(plan, rowSums);
  const labels = await labelsFor(plan, keys, options);
  const rows: TReportRow[] = keys.map((key) => ({
    key,
    label: labels.get(key) ?? key,
    values: valuesAt(plan, key, rowSums),
    ...(compareRowSums ? { compare: valuesAt(plan, key, compareRowSums) } : {}),
  }));
  if (!plan.isTime) rows.sort(byFirstMetric(plan.metrics[0]!.id));
  return rows;
}
