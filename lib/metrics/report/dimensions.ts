import { emptyTotals, type MetricDefinition, type Totals } from "../definitions/registry";

type Metric = Pick<MetricDefinition, "id" | "compute">;

// The store breakdowns (product, variant, product type, vendor, country, region, new or returning
// customer, discount code, the store's sales channel) and which sales rollup answers them:
// - sales_daily: time, channel and product group (the historical rollup);
// - product_sales_daily: product-level dimensions with the order's channel and country; it holds
//   line sums only (gross sales, discounts, returns, COGS, units), so order-level metrics
//   (orders, AOV, shipping, taxes, total sales) are n/a there;
// - product_country_daily: the same sums by product and country only, a few rows per product a
//   day where product_sales_daily has one per variant, channel and country: what a product (or
//   product x country) question reads when it splits and filters by nothing else;
// - order_sales_daily: order-level dimensions, with every sales sum.
// Each has week and month rollups beside it (sales_periods, product_sales_periods,
// product_country_periods, order_sales_periods), so a long range reads whole periods and only its edge days.
// A request that mixes product- and order-level dimensions other than country (product x
// discount code, say) has no rollup: its sales metrics are n/a.

export const PRODUCT_DIMENSIONS = ["product", "variant", "product_type", "vendor"] as const;
export const ORDER_DIMENSIONS = ["country", "region", "customer_type", "discount_code", "sales_channel"] as const;
export const STORE_DIMENSIONS = [...PRODUCT_DIMENSIONS, ...ORDER_DIMENSIONS] as const;
export type StoreDimension = (typeof STORE_DIMENSIONS)[number];

/** The rollup column each store dimension reads. */
export const STORE_DIMENSION_COLUMNS: Record<StoreDimension, string> = {
  product: "product_key",
  variant: "variant_key",
  product_type: "product_type",
  vendor: "vendor",
  country: "country",
  region: "region",
  customer_type: "customer_type",
  discount_code: "discount_code",
  sales_channel: "sales_channel",
};

/**
 * Ad dimensions below the campaign. A breakdown or filter by either reads ad_levels_daily at one
 * level (the ad rows when an ad is named, else the ad group rows) instead of ad_daily.
 */
export const AD_DIMENSIONS = ["ad_group", "ad"] as const;
export type AdDimension = (typeof AD_DIMENSIONS)[number];

export const AD_DIMENSION_COLUMNS: Record<AdDimension, string> = { ad_group: "ad_group_id", ad: "ad_id" };

/** The level of ad_levels_daily a request's ad dimensions read; null when ad_daily answers it. */
export function adLevelFor(dimensions: readonly string[]): AdDimension | null {
  return dimensions.includes("ad") ? "ad" : dimensions.includes("ad_group") ? "ad_group" : null;
}

export type SalesTable = "sales_daily" | "product_country_daily" | "product_sales_daily" | "order_sales_daily";

const TIME_AND_CHANNEL: readonly string[] = ["day", "week", "month", "channel"];
const TABLE_DIMENSIONS: Record<SalesTable, readonly string[]> = {
  sales_daily: [...TIME_AND_CHANNEL, "product_group"],
  product_country_daily: ["day", "week", "month", "product", "country"],
  product_sales_daily: [...TIME_AND_CHANNEL, ...PRODUCT_DIMENSIONS, "country"],
  order_sales_daily: [...TIME_AND_CHANNEL, ...ORDER_DIMENSIONS],
};

/** The smallest sales rollup that splits by every dimension given, null when none does. */
export function salesTableFor(dimensions: readonly string[]): SalesTable | null {
  for (const table of ["sales_daily", "order_sales_daily", "product_country_daily", "product_sales_daily"] as const) {
    if (dimensions.every((d) => TABLE_DIMENSIONS[table].includes(d))) return table;
  }
  return null;
}

/** The Totals fields each sales rollup holds. */
const TABLE_FIELDS: Record<SalesTable, readonly string[]> = {
  sales_daily: ["gross_sales", "discounts", "returns", "shipping", "taxes", "cogs", "orders", "units"],
  order_sales_daily: ["gross_sales", "discounts", "returns", "shipping", "taxes", "cogs", "orders", "units"],
  product_country_daily: ["gross_sales", "discounts", "returns", "cogs", "units"],
  product_sales_daily: ["gross_sales", "discounts", "returns", "cogs", "units"],
};

const SALES_FIELDS = new Set(TABLE_FIELDS.sales_daily);

/** The Totals fields a metric's definition reads, found by running it once over recorded reads. */
const fieldsRead = new Map<string, Set<string>>();
function fieldsOf(metric: Metric): Set<string> {
  let fields = fieldsRead.get(metric.id);
  if (!fields) {
    const seen = new Set<string>();
    const totals = new Proxy(emptyTotals("USD"), {
      get(target, field: string) {
        seen.add(field);
        return target[field as keyof Totals];
      },
    });
    metric.compute(totals);
    fieldsRead.set(metric.id, (fields = seen));
  }
  return fields;
}

/** Whether a metric's sales inputs are all in the rollup a breakdown reads (else it is n/a there). */
export function salesMetricFits(metric: Metric, table: SalesTable): boolean {
  const held = TABLE_FIELDS[table];
  return [...fieldsOf(metric)].every((field) => !SALES_FIELDS.has(field) || held.includes(field));
}
