import type { ResolvedMetric } from "../definitions/catalog";
import { formatDecimal } from "../definitions/decimal";
import { emptyTotals, type MetricValue, type Totals } from "../definitions/registry";
import type { Pass, Plan } from "./plan";
import { salesMetricFits } from "./dimensions";
import { shownValue } from "./precision";
import { specKey, specOf } from "./sql";
import { isTagMetric } from "./tagged";
import type { Partial, SourceSums, SumsBySpec } from "./sums";

// Metric values from base sums: the registry computes every metric from a Totals, built here from
// the sums of the sources the metric reads. Sums are shared by a screen's widgets (cached), and
// so is what is built from them.

/**
 * A partial's fields as the registry reads them (decimal strings). Partials are shared by every
 * widget of a screen (cached sums), so each is written out once, not once per metric and widget.
 */
const written = new WeakMap<Partial, Record<string, string | number>>();
function writtenOut(partial: Partial): Record<string, string | number> {
  let out = written.get(partial);
  if (!out) {
    out = Object.fromEntries(Object.entries(partial).map(([field, value]) => [field, typeof value === "bigint" ? formatDecimal(value) : value]));
    written.set(partial, out);
  }
  return out;
}

/** A stable id per cached SourceSums, so Totals built from the same sums are built once. */
const sumsIds = new WeakMap<SourceSums, number>();
let nextSumsId = 0;
const sumsId = (sums: SourceSums) => {
  let id = sumsIds.get(sums);
  if (id === undefined) sumsIds.set(sums, (id = ++nextSumsId));
  return id;
};
const builtTotals = new WeakMap<SourceSums, Map<string, Totals>>();

/** Base sums for one metric at one key, from the sources it reads; null when one can't apply. */
function totalsFor(metric: ResolvedMetric, key: string, bySpec: SumsBySpec, currency: string): Totals | null {
  const sources: SourceSums[] = [];
  for (const source of metric.sources) {
    const sums = bySpec.get(specKey(specOf(metric, source)));
    if (!sums) return null;
    sources.push(sums);
  }
  // Every KPI on sales reads the same sums for the same 730 days: build each Totals once.
  const cacheKey = `${currency}|${sources.map(sumsId).join(",")}|${key}`;
  let byKey = builtTotals.get(sources[0]!);
  if (!byKey) builtTotals.set(sources[0]!, (byKey = new Map()));
  let totals = byKey.get(cacheKey);
  if (!totals) {
    totals = emptyTotals(currency);
    for (const sums of sources) {
      const partial = sums.get(key);
      if (partial) Object.assign(totals, writtenOut(partial));
    }
    byKey.set(cacheKey, totals);
  }
  return totals;
}

/**
 * Every metric of the plan at one key ("" for the period), null where its sources can't apply,
 * rounded as a report shows it (precision.ts): the registry computes from the exact sums.
 */
export function valuesAt(plan: Plan, key: string, bySpec: SumsBySpec, pass: Pass | null): Record<string, MetricValue> {
  const { currency } = plan.workspace;
  return Object.fromEntries(
    plan.metrics.map((m) => {
      // A product breakdown's rollup holds no order-level sums: orders, AOV, shipping are n/a there.
      const fits = (!plan.request.tag || isTagMetric(m.id)) && (!pass?.salesTable || m.group !== null || !m.sources.includes("sales") || salesMetricFits(m, pass.salesTable));
      const totals = fits ? totalsFor(m, key, bySpec, currency) : null;
      return [m.id, totals === null ? null : shownValue(m.compute(totals), m.format, currency)];
    }),
  );
}
