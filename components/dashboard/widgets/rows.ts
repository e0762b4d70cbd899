import { add, formatDecimal, parseDecimal } from "@/lib/metrics/definitions/decimal";
import type { TReportRow } from "@/lib/metrics/report/types";
import type { MetricValue } from "../format";

// Row arithmetic for tables and share widgets, in exact decimals.

export type Slice = { name: string; value: MetricValue };

function byValueDescending(a: Slice, b: Slice): number {
  const x = a.value === null ? null : parseDecimal(a.value);
  const y = b.value === null ? null : parseDecimal(b.value);
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  return y > x ? 1 : -1;
}

/**
 * The top `limit` rows by the first metric. The rest are summed into "Other" (exactly, in
 * decimals) only for sums: an "Other" of ratios or percentages would mean nothing.
 */
export function shareSlices(rows: TReportRow[], metricId: string, additive: boolean, limit: number): Slice[] {
  const slices = rows.map((row) => ({ name: row.label, value: row.values[metricId] ?? null })).sort(byValueDescending);
  if (slices.length <= limit || !additive) return slices.slice(0, limit);
  const rest = slices.slice(limit - 1).filter((s) => s.value !== null);
  const other = formatDecimal(add(...rest.map((s) => parseDecimal(s.value!))), 0);
  return [...slices.slice(0, limit - 1), { name: "Other", value: other }];
}

export type TableSort = { column: string; direction: "asc" | "desc" };

/** A table column over the comparison range holds this prefix before the metric id. */
export const COMPARE_COLUMN = "compare:";

/** A row's value in a table column: a metric's, or (COMPARE_COLUMN) its comparison's. */
export function cellValue(row: TReportRow, column: string): MetricValue | undefined {
  return column.startsWith(COMPARE_COLUMN) ? row.compare?.[column.slice(COMPARE_COLUMN.length)] : row.values[column];
}

/** The breakdown's own column sorts by its key (dates sort in order); n/a sorts last either way. */
export function sortRows(rows: TReportRow[], sort: TableSort | null, labelColumn: string): TReportRow[] {
  if (!sort) return rows;
  const sign = sort.direction === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (sort.column === labelColumn) return sign * a.key.localeCompare(b.key);
    const x = cellValue(a, sort.column);
    const y = cellValue(b, sort.column);
    if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
    if (y === null || y === undefined) return -1;
    const dx = parseDecimal(x);
    const dy = parseDecimal(y);
    return dx === dy ? 0 : dx > dy ? sign : -sign;
  });
}

