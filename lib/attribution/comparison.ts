import { db } from "@/lib/db/client";
import { getPool } from "@/lib/db/pool";
import { currencyDecimals } from "@/lib/metrics/report/precision";
import { rowLabels } from "./labels";
import { ATTRIBUTION_MODELS, DATA_DRIVEN_MODELS, type AttributionModel } from "./models";
import { shownReportRange, shownScaled, type TAttributionQuery } from "./report";
import { getAttributionSettings } from "./settings";
import { taggedSumsByModel } from "./tagged";
import { assertTagOf } from "@/lib/tags/members";

// The same rows under every model side by side, for revenue or orders: where the models agree,
// and which channels each one favours. One statement over attribution_daily; the data-driven
// models have columns only once the workspace has a fit (before that they credit nothing).

export const COMPARISON_MEASURES = ["revenue", "orders"] as const;
export type TComparisonMeasure = (typeof COMPARISON_MEASURES)[number];

export type TModelComparison = {
  measure: TComparisonMeasure;
  window: number;
  currency: string;
  date_from: string;
  date_to: string;
  models: AttributionModel[];
  /** Data-driven models without a stored fit, so without a column. */
  unfitted: AttributionModel[];
  rows: { key: string; label: string; values: Record<string, string> }[];
  totals: Record<string, string>;
  /** The plan's note when it cut the range (older history is hidden). */
  history_note: string | null;
};

export async function runModelComparison(workspaceId: string, query: Omit<TAttributionQuery, "model">, measure: TComparisonMeasure): Promise<TModelComparison> {
  const [workspace, fits, settings] = await Promise.all([
    db.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { timeZone: true, currency: true } }),
    db.attributionFit.findMany({ where: { workspaceId }, select: { model: true } }),
    getAttributionSettings(workspaceId),
  ]);
  const window = query.window ?? settings.defaultWindow;
  const fitted = new Set(fits.map((f) => f.model));
  const unfitted = DATA_DRIVEN_MODELS.filter((m) => !fitted.has(m));
  const models = ATTRIBUTION_MODELS.filter((m) => !unfitted.includes(m as (typeof unfitted)[number]));
  const { dateFrom, dateTo, note } = await shownReportRange(workspaceId, query, workspace.timeZone);
  const range = { ...query, window, dateFrom, dateTo };
  const rows = query.tag ? await taggedValues(workspaceId, { ...range, tag: query.tag }, models, measure) : await storedValues(workspaceId, range, models, measure);
  // Rows in order of what all models together give them, so the big channels lead whichever model favours them.
  const byKey = new Map<string, { total: bigint; values: Map<string, bigint> }>();
  const totals = new Map<string, bigint>(models.map((m) => [m, 0n]));
  for (const row of rows) {
    const entry = byKey.get(row.key) ?? { total: 0n, values: new Map() };
    entry.values.set(row.model, BigInt(row.value));
    entry.total += BigInt(row.value);
    byKey.set(row.key, entry);
    totals.set(row.model, totals.get(row.model)! + BigInt(row.value));
  }
  const keys = [...byKey].sort(([a, x], [b, y]) => (y.total > x.total ? 1 : y.total < x.total ? -1 : a.localeCompare(b))).map(([key]) => key);
  const labels = await rowLabels(workspaceId, query.groupBy, keys);
  const decimals = currencyDecimals(workspace.currency);
  const shown = (value: bigint) => (measure === "revenue" ? shownScaled(value, decimals, decimals) : shownScaled(value, 6, 4));
  return {
    measure, window, currency: workspace.currency, date_from: dateFrom, date_to: dateTo, models, unfitted,
    rows: keys.map((key) => ({ key, label: labels.get(key) ?? key, values: Object.fromEntries(models.map((m) => [m, shown(byKey.get(key)!.values.get(m) ?? 0n)])) })),
    totals: Object.fromEntries(models.map((m) => [m, shown(totals.get(m)!)])),
    history_note: note,
  };
}

type TRangeQuery = Pick<TAttributionQuery, "groupBy" | "basis" | "paidOnly" | "conversionType"> & { window: number; dateFrom: string; dateTo: string };
type TValue = { key: string; model: string; value: string };

async function storedValues(workspaceId: string, query: TRangeQuery, models: readonly string[], measure: TComparisonMeasure): Promise<TValue[]> {
  const column = measure === "revenue" ? "revenue_minor" : "orders_micro";
  const { rows } = await getPool().query<TValue>(
    `SELECT ${query.groupBy} AS key, model, sum(${column})::text AS value
     FROM attribution_daily
     WHERE workspace_id = $1 AND ($8 = 'all' OR conversion_type = $8) AND basis = $2 AND day BETWEEN $3::date AND $4::date AND window_days = $5 AND paid_only = $6 AND model = ANY($7::text[])
     GROUP BY 1, 2`,
    [workspaceId, query.basis, query.dateFrom, query.dateTo, query.window, query.paidOnly, models, query.conversionType],
  );
  return rows;
}

/** A tag's members' orders only, summed from their stored credits (tagged.ts). */
async function taggedValues(workspaceId: string, query: TRangeQuery & { tag: string }, models: readonly string[], measure: TComparisonMeasure): Promise<TValue[]> {
  await assertTagOf(workspaceId, query.tag);
  const byModel = await taggedSumsByModel(workspaceId, { tagId: query.tag, groupBy: query.groupBy, basis: query.basis, dateFrom: query.dateFrom, dateTo: query.dateTo, window: query.window, paidOnly: query.paidOnly, models });
  return [...byModel].flatMap(([model, sums]) => sums.map((s) => ({ key: s.key, model, value: String(measure === "revenue" ? s.revenue : s.orders) })));
}
