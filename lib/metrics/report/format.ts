import { divide, formatDecimal, parseDecimal, sub } from "@/lib/metrics/definitions/decimal";
import { currencyDecimals } from "./precision";
import type { TMetricInfo } from "./types";

// Display formatting of report values. Values arrive as exact decimal strings (money, ratios,
// percents as fractions) or integers; Intl formats a decimal string without turning it into a
// float, and any arithmetic (the change against the comparison) stays in exact decimals.

export type MetricFormat = TMetricInfo["format"];
export type MetricValue = string | number | null;

export const NOT_AVAILABLE = "n/a";

type Numeric = number | `${number}`;

function asNumeric(value: string | number): Numeric {
  return value as Numeric;
}

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.NumberFormat(locale, options);
    formatters.set(key, found);
  }
  return found;
}

function options(format: MetricFormat, currency: string, compact: boolean): Intl.NumberFormatOptions {
  const base: Intl.NumberFormatOptions = compact ? { notation: "compact", maximumFractionDigits: 1 } : {};
  switch (format) {
    case "money": {
      // The currency's own minor units, as the API sends them (¥1,235, not ¥1,235.00).
      const places = currencyDecimals(currency);
      // Compact amounts drop the currency's minor units: "$1K", not "$1.0K".
      return { ...base, style: "currency", currency, ...(compact ? { minimumFractionDigits: 0 } : { minimumFractionDigits: places, maximumFractionDigits: places }) };
    }
    case "percent":
      return { ...base, style: "percent", minimumFractionDigits: 0, maximumFractionDigits: compact ? 0 : 1 };
    case "ratio":
      return { ...base, minimumFractionDigits: 0, maximumFractionDigits: 2 };
    case "count":
      return { ...base, maximumFractionDigits: 0 };
  }
}

/** A metric value for reading: "$1,234.50", "25.3%", "3.2", "1,204"; null is "n/a". */
export function formatMetric(value: MetricValue | undefined, format: MetricFormat, currency: string, compact = false): string {
  if (value === null || value === undefined || value === "") return NOT_AVAILABLE;
  try {
    return formatter("en", options(format, currency, compact)).format(asNumeric(value));
  } catch {
    // An unknown currency code still shows the amount.
    return String(value);
  }
}

function toDecimal(value: MetricValue | undefined) {
  if (value === null || value === undefined) return null;
  try {
    return parseDecimal(value);
  } catch {
    return null;
  }
}

/**
 * The relative change from `previous` to `current` as a decimal fraction string ("0.125" = +12.5 %),
 * or null when either is missing or the previous value is zero (no meaningful percentage).
 */
export function relativeChange(current: MetricValue | undefined, previous: MetricValue | undefined): string | null {
  const now = toDecimal(current);
  const before = toDecimal(previous);
  if (now === null || before === null || before === 0n) return null;
  const magnitude = before < 0n ? -before : before;
  const change = divide(sub(now, before), magnitude);
  return change === null ? null : formatDecimal(change, 0);
}

/** "+12.5%", "−3%", "0%". */
export function formatChange(change: string): string {
  const text = formatter("en", { style: "percent", maximumFractionDigits: 1, signDisplay: "exceptZero" }).format(asNumeric(change));
  return text.replace("-", "−");
}

/** A value as a chart coordinate. Only for drawing: sums and comparisons never go through this. */
export function plotValue(value: MetricValue | undefined): number | null {
  if (value === null || value === undefined) return null;
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) ? n : null;
}

/** "Synced 5 minutes ago", from an ISO instant. */
export function relativeTime(iso: string, now: Date = new Date()): string {
  const seconds = Math.round((Date.parse(iso) - now.getTime()) / 1000);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ["year", 31_536_000],
    ["month", 2_592_000],
    ["day", 86_400],
    ["hour", 3_600],
    ["minute", 60],
  ];
  const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return "just now";
}
