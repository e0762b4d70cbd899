import { formatFixed, parseDecimal } from "../definitions/decimal";
import type { MetricFormat, MetricValue } from "../definitions/registry";

// How many decimals a report shows. The registry computes with four places (sums, conversions and
// ratios stay exact); a report, on every surface (JSON, CSV, dashboards), shows money in its
// currency's minor units and every ratio or percent with the same fixed places, so two answers
// for the same number never differ in their trailing zeros.

/**
 * Places of every ratio (ROAS, MER, ROMI) and percent (a fraction: "0.0125" = 1.25 %). Four keep a
 * percent to a hundredth of a point, and are exactly what the registry computes.
 */
export const RATIO_DECIMALS = 4;

/**
 * ISO 4217 currencies whose minor unit is not the hundredth. A table rather than Intl: the
 * runtime's locale data rounds some currencies to whole units for cash (HUF, IDR) where ISO keeps
 * two places, and a report must not change with the server's ICU version.
 */
const MINOR_UNITS: Record<string, number> = {
  ...Object.fromEntries(["BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"].map((c) => [c, 0])),
  ...Object.fromEntries(["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"].map((c) => [c, 3])),
  CLF: 4,
  UYW: 4,
};

/** The places of a currency's minor unit: USD 2, JPY 0, KWD 3. */
export function currencyDecimals(currency: string): number {
  return MINOR_UNITS[currency.toUpperCase()] ?? 2;
}

/** SQL: the places of the minor unit of the currency code `expr` holds, as currencyDecimals says. */
export function currencyDecimalsSql(expr: string): string {
  const cases = Object.entries(MINOR_UNITS).map(([code, places]) => `WHEN '${code}' THEN ${places}`).join(" ");
  return `(CASE upper(${expr}) ${cases} ELSE 2 END)`;
}

/** A computed value as a report shows it; counts and n/a pass through. */
export function shownValue(value: MetricValue, format: MetricFormat, currency: string): MetricValue {
  if (typeof value !== "string") return value;
  if (format === "money") return formatFixed(parseDecimal(value), currencyDecimals(currency));
  if (format === "ratio" || format === "percent") return formatFixed(parseDecimal(value), RATIO_DECIMALS);
  return value;
}
