import { z } from "zod";
import { historyWindow, ZHistoryNoteSchema } from "@/lib/billing/history";
import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { formatFixed, parseDecimal } from "@/lib/metrics/definitions/decimal";
import { currencyDecimals } from "@/lib/metrics/report/precision";
import { workspaceOf } from "@/lib/metrics/report/workspace";
import { addDays, localDate } from "@/lib/time/zone";
import { segmentValueLabels } from "./labels";
import { holds, MIN_GROUP_FOR_CI, Z_95 } from "./stats";

// LTV drivers: which first purchases bring valuable customers. Customers (customer_profiles, one
// row each) are grouped by what their first order had, and each group's mean net sales within
// 90, 180 or 365 days of that order is ranked, with a 95% confidence interval so a difference that
// is only noise says so. Only customers whose whole window has passed count.

export const LTV_WINDOWS = ["90", "180", "365"] as const;
export type LtvWindow = (typeof LTV_WINDOWS)[number];
export const DRIVER_DIMENSIONS = ["product", "product_group", "channel", "discount_code"] as const;
export type DriverDimension = (typeof DRIVER_DIMENSIONS)[number];

/** Groups per dimension, the largest by customers. */
export const MAX_DRIVER_GROUPS = 50;

/** The SQL expression of a profile's values of a dimension (an empty list is the "none" group, ""). */
const VALUES: Record<DriverDimension, string> = {
  product: "unnest(CASE WHEN cardinality(first_products) = 0 THEN ARRAY[''] ELSE first_products END)",
  product_group: "unnest(CASE WHEN cardinality(first_groups) = 0 THEN ARRAY[''] ELSE first_groups END)",
  channel: "first_channel",
  discount_code: "unnest(CASE WHEN cardinality(first_discount_codes) = 0 THEN ARRAY[''] ELSE first_discount_codes END)",
};

const NONE_LABEL: Record<DriverDimension, string> = {
  product: "No product",
  product_group: "No product group",
  channel: "Unknown",
  discount_code: "No discount code",
};

const ZMoney = z.string().nullable();

export const ZDriverGroupSchema = z.object({
  value: z.string().describe('The product id (or "title:<title>"), product group key, channel or discount code; "" for none.'),
  label: z.string(),
  customers: z.number().int(),
  mean: z.string().describe("Mean net sales per customer within the window."),
  ci_low: ZMoney.describe(`Lower end of the 95% interval of the mean; null under ${MIN_GROUP_FOR_CI} customers.`),
  ci_high: ZMoney,
  distinguishable: z.boolean().nullable().describe("False when the interval holds the overall mean (the difference may be noise); null without an interval."),
});

export const ZLtvDriversSchema = z.object({
  window: z.enum(LTV_WINDOWS),
  currency: z.string(),
  first_orders_through: z.string().describe("Customers whose first order is on or before this day (their window has passed) count."),
  overall: z.object({ customers: z.number().int(), mean: z.string().nullable() }),
  min_customers_for_interval: z.number().int(),
  dimensions: z.array(z.object({ dimension: z.enum(DRIVER_DIMENSIONS), groups: z.array(ZDriverGroupSchema) })),
  history_note: ZHistoryNoteSchema.describe("Set when the plan hides older history: only customers whose first order is in the days it shows count."),
});
export type TLtvDrivers = z.infer<typeof ZLtvDriversSchema>;

export type DriversRequest = { window: LtvWindow; dimensions: DriverDimension[] };

export const DRIVER_QUERY_PARAMETERS = ["window", "by"] as const;

/** Reads ?window=90|180|365 and ?by=<dimension,...>; a refusal names the parameter and lists the valid values. */
export function parseDriversQuery(params: URLSearchParams): DriversRequest {
  for (const name of new Set(params.keys())) {
    if (!(DRIVER_QUERY_PARAMETERS as readonly string[]).includes(name)) {
      throw AppError.field(name, `Unknown query parameter "${name}". Use: ${DRIVER_QUERY_PARAMETERS.join(", ")}.`);
    }
  }
  const window = params.get("window")?.trim() || "365";
  if (!(LTV_WINDOWS as readonly string[]).includes(window)) {
    throw AppError.field("window", `window: unknown value "${window}". Use one of: ${LTV_WINDOWS.join(", ")} (days).`);
  }
  const by = params.getAll("by").flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
  const unknown = by.filter((v) => !(DRIVER_DIMENSIONS as readonly string[]).includes(v));
  if (unknown.length > 0) throw AppError.field("by", `by: unknown value "${unknown[0]}". Use one or more of: ${DRIVER_DIMENSIONS.join(", ")}.`);
  return { window: window as LtvWindow, dimensions: by.length > 0 ? [...new Set(by)] as DriverDimension[] : [...DRIVER_DIMENSIONS] };
}

type GroupRow = { value: string; customers: string; mean: string; ci_low: string | null; ci_high: string | null };

export async function runLtvDrivers(workspaceId: string, request: DriversRequest, now = new Date()): Promise<TLtvDrivers> {
  const workspace = await workspaceOf(workspaceId, {});
  const column = `net_sales_${request.window}`;
  // The window is the first order's day and the N - 1 after it: over once today is day N or later.
  const through = addDays(localDate(now, workspace.timeZone), -Number(request.window));
  const money = (text: string | null) => (text === null ? null : formatFixed(parseDecimal(text), currencyDecimals(workspace.currency)));
  // A customer whose first order is older than the plan shows is history it hides.
  const window = await historyWindow(workspaceId, workspace.timeZone, now);
  const since = window?.earliest ?? null;

  const overallResult = await getPool().query<{ customers: string; mean: string | null }>(
    `SELECT count(*)::text AS customers, round(avg(${column}), 4)::text AS mean
     FROM customer_profiles WHERE workspace_id = $1 AND first_day <= $2::date AND ($3::date IS NULL OR first_day >= $3::date)`,
    [workspaceId, through, since],
  );
  const overall = overallResult.rows[0]!;
  const overallMean = overall.mean === null ? null : parseDecimal(overall.mean);

  const dimensions = await Promise.all(
    request.dimensions.map(async (dimension) => {
      const result = await getPool().query<GroupRow>(
        `SELECT value, count(*)::text AS customers, round(avg(x), 4)::text AS mean,
                CASE WHEN count(*) >= $3 THEN round(avg(x) - $4::numeric * stddev_samp(x) / sqrt(count(*)::numeric), 4)::text END AS ci_low,
                CASE WHEN count(*) >= $3 THEN round(avg(x) + $4::numeric * stddev_samp(x) / sqrt(count(*)::numeric), 4)::text END AS ci_high
         FROM (SELECT ${VALUES[dimension]} AS value, ${column} AS x FROM customer_profiles
               WHERE workspace_id = $1 AND first_day <= $2::date AND ($5::date IS NULL OR first_day >= $5::date)) v
         GROUP BY value ORDER BY count(*) DESC, value LIMIT ${MAX_DRIVER_GROUPS}`,
        [workspaceId, through, MIN_GROUP_FOR_CI, Z_95, since],
      );
      const labels =
        dimension === "product" || dimension === "product_group"
          ? await segmentValueLabels(workspaceId, dimension, result.rows.map((r) => r.value))
          : new Map<string, string>();
      const decimalOrNull = (v: string | null) => (v === null ? null : parseDecimal(v));
      // Highest mean first; groups too small for an interval after those with one.
      const ranked = [...result.rows].sort((a, b) => {
        const [ma, mb] = [parseDecimal(a.mean), parseDecimal(b.mean)];
        return Number(b.ci_low !== null) - Number(a.ci_low !== null) || (mb > ma ? 1 : mb < ma ? -1 : 0);
      });
      const groups = ranked.map((row) => {
        const [low, high] = [decimalOrNull(row.ci_low), decimalOrNull(row.ci_high)];
        return {
          value: row.value,
          label: row.value === "" ? NONE_LABEL[dimension] : (labels.get(row.value) ?? row.value),
          customers: Number(row.customers),
          mean: money(row.mean)!,
          ci_low: money(row.ci_low),
          ci_high: money(row.ci_high),
          distinguishable: low === null || high === null || overallMean === null ? null : !holds(low, high, overallMean),
        };
      });
      return { dimension, groups };
    }),
  );

  return {
    window: request.window,
    currency: workspace.currency,
    first_orders_through: through,
    overall: { customers: Number(overall.customers), mean: money(overall.mean) },
    min_customers_for_interval: MIN_GROUP_FOR_CI,
    dimensions,
    history_note: window?.note ?? null,
  };
}
