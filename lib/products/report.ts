import { divide, formatFixed, parseDecimal, sub, type Dec } from "@/lib/metrics/definitions/decimal";
import { RATIO_DECIMALS } from "@/lib/metrics/report/precision";
import { runReport } from "@/lib/metrics/report/run";
import type { TReportRequest } from "@/lib/metrics/report/schema";
import type { TReport } from "@/lib/metrics/report/types";

// The Products report: each product's units, net sales, returns and return rate, gross profit and
// margin, share of the range's net sales and the change against the comparison range, read from
// the product breakdown of the report engine, never from orders. Splitting and filtering by product
// alone, it reads the narrow product_country_daily (and its week and month sums), a few rows per
// product a day, rather than product_sales_daily's row per variant, channel and country.

export const PRODUCT_METRICS = ["net_sales", "units", "gross_sales", "discounts", "returns", "gross_profit"] as const;

export const PRODUCT_SORTS = ["net_sales", "units", "returns", "return_rate", "gross_profit", "margin", "share", "trend", "title"] as const;
export type ProductSort = (typeof PRODUCT_SORTS)[number];

export type ProductRow = {
  key: string;
  title: string;
  units: number;
  net_sales: string;
  returns: string;
  /** Returns over sales after discounts (fractions with 4 places); null when nothing sold. */
  return_rate: string | null;
  gross_profit: string;
  margin: string | null;
  share: string | null;
  /** Net sales against the comparison range, as a fraction; null when it sold nothing then. */
  trend: string | null;
};

export type ProductsReport = { report: TReport; rows: ProductRow[] };

const ratio = (a: Dec, b: Dec): string | null => {
  const value = divide(a, b < 0n ? -b : b);
  return value === null ? null : formatFixed(value, RATIO_DECIMALS);
};
const dec = (value: string | number | null | undefined) => parseDecimal(value ?? 0);

export function productRows(report: TReport): ProductRow[] {
  const total = dec(report.totals.net_sales);
  return report.rows.map((row) => {
    const v = row.values;
    const net = dec(v.net_sales);
    const before = row.compare ? dec(row.compare.net_sales) : null;
    return {
      key: row.key,
      title: row.label,
      units: Number(v.units ?? 0),
      net_sales: String(v.net_sales ?? "0.00"),
      returns: String(v.returns ?? "0.00"),
      return_rate: ratio(dec(v.returns), sub(dec(v.gross_sales), dec(v.discounts))),
      gross_profit: String(v.gross_profit ?? "0.00"),
      margin: ratio(dec(v.gross_profit), net),
      share: ratio(net, total),
      trend: before === null ? null : ratio(sub(net, before), before),
    };
  });
}

/** Rows sorted by a column, ascending or not; n/a last either way. */
export function sortProducts(rows: ProductRow[], sort: ProductSort, ascending: boolean): ProductRow[] {
  const value = (row: ProductRow): Dec | string | null => (sort === "title" ? row.title.toLowerCase() : row[sort] === null ? null : dec(row[sort]));
  return [...rows].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    if (x === y) return a.key < b.key ? -1 : 1;
    if (x === null) return 1;
    if (y === null) return -1;
    const order = x < y ? -1 : 1;
    return ascending ? order : -order;
  });
}

export function productsRequest(range: { date_from: string; date_to: string }): TReportRequest {
  return { ...range, metrics: [...PRODUCT_METRICS], group_by: "product", compare: "previous_period" };
}

export async function productsReport(workspaceId: string, range: { date_from: string; date_to: string }): Promise<ProductsReport> {
  const report = await runReport(workspaceId, productsRequest(range));
  return { report, rows: productRows(report) };
}
