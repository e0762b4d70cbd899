import { AppError } from "@/lib/errors";
import { DIMENSIONS, TIME_DIMENSIONS, type Dimension } from "@/lib/metrics/report/schema";
import { ZPivotWidgetSchema, type TPivotWidget, type TWidgetConfig } from "./schema";

// What a pivot table may split and show. Its "Other" row and column are remainders (a total less
// the cells shown), which is exact only for metrics that add up across segments, and only over
// dimensions whose segments do not overlap: a time unit breaks a report down on its own, and a
// line sits in every product group that holds it.

/** Metrics whose value over several segments is the sum of the segments' values. */
export const PIVOT_METRICS: readonly string[] = [
  "net_sales", "gross_sales", "discounts", "returns", "units", "cogs", "gross_profit",
  "total_sales", "orders", "shipping", "taxes",
  "ad_spend", "ad_revenue", "ad_conversions", "impressions", "clicks", "sessions", "exception_orders",
];

/** The most metrics one pivot table shows (one at a time, picked above the table). */
export const PIVOT_MAX_METRICS = 6;

export const PIVOT_DIMENSIONS = DIMENSIONS.filter(
  (d) => !(TIME_DIMENSIONS as readonly string[]).includes(d) && d !== "product_group",
) as readonly Dimension[];

const isPivotDimension = (name: string): name is Dimension => (PIVOT_DIMENSIONS as readonly string[]).includes(name);

export type PivotProblem = { field: string; message: string };

/** Why a pivot config cannot be shown, naming the field at fault; null when it can. */
export function pivotProblem(config: TWidgetConfig): PivotProblem | null {
  const dims = config.pivot?.dimensions ?? [];
  const field = "config.pivot.dimensions";
  const valid = `Use two of: ${PIVOT_DIMENSIONS.join(", ")}.`;
  const unknown = dims.find((d) => !isPivotDimension(d));
  if (unknown !== undefined) return { field, message: `Unknown pivot dimension "${unknown}". ${valid}` };
  if (dims.length !== 2) {
    return { field, message: `A pivot table splits by exactly two dimensions (rows, then columns), not ${dims.length}. ${valid}` };
  }
  if (dims[0] === dims[1]) return { field, message: `"${dims[0]}" is named twice: rows and columns need two different dimensions.` };
  if (config.metrics.length > PIVOT_MAX_METRICS) {
    return { field: "config.metrics", message: `A pivot table shows at most ${PIVOT_MAX_METRICS} metrics, not ${config.metrics.length}.` };
  }
  const unsummable = config.metrics.filter((id) => !PIVOT_METRICS.includes(id));
  if (unsummable.length) {
    return {
      field: "config.metrics",
      message: `A pivot table shows sums, whose "Other" and totals add up exactly; ${unsummable.join(", ")} ${unsummable.length > 1 ? "do" : "does"} not add up across rows. Use: ${PIVOT_METRICS.join(", ")}.`,
    };
  }
  return null;
}

export function assertPivotConfig(config: TWidgetConfig): void {
  const problem = pivotProblem(config);
  if (problem) throw AppError.field(problem.field, problem.message);
}

/** A pivot table's stored config: its pivot settings filled in; no breakdown or sort of its own. */
export function withPivotDefaults(config: TWidgetConfig): TWidgetConfig {
  const pivot: TPivotWidget = ZPivotWidgetSchema.parse(config.pivot ?? { dimensions: [] });
  return { ...config, breakdown: null, sort: null, pivot };
}

/** The report's group_by for a pivot: rows, then columns. */
export const pivotGroupBy = (config: TWidgetConfig): string => (config.pivot?.dimensions ?? []).join(",");
