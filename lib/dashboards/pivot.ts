import { add, formatDecimal, parseDecimal, sub, type Dec } from "@/lib/metrics/definitions/decimal";
import type { MetricValue } from "@/lib/metrics/definitions/registry";
import type { TMetricInfo, TReport } from "@/lib/metrics/report/types";

// A pivot table from one two-dimension report (group_by=rows,columns): the biggest rows and
// columns by the first metric, the rest summed into "Other", and row, column and grand totals.
// Every total is the exact sum of the cells under it, in decimals, so the "Other" row and column
// are exact remainders and the grand total equals the report's ungrouped total. Pivot tables
// therefore show only metrics that add up across segments (pivot-config.ts).

/** The key of the "Other" row and column. Report keys never start with a NUL character. */
export const OTHER_KEY = "\u0000other";

export type PivotValues = Record<string, MetricValue>;

export type PivotColumn = { key: string; label: string; other: boolean; total: PivotValues };
export type PivotRow = { key: string; label: string; other: boolean; cells: Record<string, PivotValues>; total: PivotValues };

export type Pivot = {
  rowDimension: string;
  columnDimension: string;
  metrics: TMetricInfo[];
  currency: string;
  columns: PivotColumn[];
  rows: PivotRow[];
  grandTotal: PivotValues;
};

/** Exact sums of metric values; a metric with no value anywhere (n/a for this split) stays n/a. */
class Sums {
  private readonly sums = new Map<string, Dec>();
  constructor(private readonly metrics: TMetricInfo[]) {}

  add(values: PivotValues | undefined, sign: 1 | -1 = 1): this {
    if (!values) return this;
    for (const m of this.metrics) {
      const v = values[m.id];
      if (v === null || v === undefined) continue;
      const d = parseDecimal(v);
      const held = this.sums.get(m.id) ?? 0n;
      this.sums.set(m.id, sign === 1 ? add(held, d) : sub(held, d));
    }
    return this;
  }

  values(): PivotValues {
    return Object.fromEntries(
      this.metrics.map((m) => {
        const sum = this.sums.get(m.id);
        if (sum === undefined) return [m.id, null];
        return [m.id, m.format === "count" ? Number(formatDecimal(sum, 0)) : formatDecimal(sum, 2)];
      }),
    );
  }
}

type Part = { key: string; label: string; total: Sums };
type Ranked = Part & { value: MetricValue };

/** Largest first (n/a last), then by key so equal values keep one order. */
function biggestFirst(a: Ranked, b: Ranked): number {
  const x = a.value;
  const y = b.value;
  if (x !== y) {
    if (x === null) return 1;
    if (y === null) return -1;
    const dx = parseDecimal(x);
    const dy = parseDecimal(y);
    if (dx !== dy) return dx < dy ? 1 : -1;
  }
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** The top `n` parts by the first metric, and whether any were left over for "Other". */
function top(parts: Map<string, Part>, metricId: string, n: number): { shown: Part[]; rest: boolean } {
  const ordered = [...parts.values()].map((p) => ({ ...p, value: p.total.values()[metricId] ?? null })).sort(biggestFirst);
  return { shown: ordered.slice(0, n), rest: ordered.length > n };
}

export function buildPivot(report: TReport, topRows: number, topColumns: number): Pivot {
  const { metrics } = report;
  const first = metrics[0]?.id ?? "";
  const rowParts = new Map<string, Part>();
  const columnParts = new Map<string, Part>();
  const cells = new Map<string, PivotValues>();
  const grand = new Sums(metrics);
  const part = (parts: Map<string, Part>, key: string, label: string) => {
    let found = parts.get(key);
    if (!found) parts.set(key, (found = { key, label, total: new Sums(metrics) }));
    return found;
  };

  for (const row of report.rows) {
    const [rowKey, columnKey] = row.keys ?? [row.key, ""];
    const [rowLabel, columnLabel] = row.labels ?? [row.label, ""];
    part(rowParts, rowKey, rowLabel).total.add(row.values);
    part(columnParts, columnKey, columnLabel).total.add(row.values);
    cells.set(`${rowKey}\u0000${columnKey}`, row.values);
    grand.add(row.values);
  }

  const rows = top(rowParts, first, topRows);
  const columns = top(columnParts, first, topColumns);

  const pivotColumns: PivotColumn[] = columns.shown.map((c) => ({ key: c.key, label: c.label, other: false, total: c.total.values() }));
  if (columns.rest) {
    const rest = new Sums(metrics).add(grand.values());
    for (const c of columns.shown) rest.add(c.total.values(), -1);
    pivotColumns.push({ key: OTHER_KEY, label: "Other", other: true, total: rest.values() });
  }

  const rowOf = (key: string, label: string, other: boolean, total: PivotValues, cellAt: (columnKey: string) => PivotValues): PivotRow => {
    const rowCells: Record<string, PivotValues> = {};
    const shownSum = new Sums(metrics);
    for (const c of columns.shown) {
      rowCells[c.key] = cellAt(c.key);
      shownSum.add(rowCells[c.key]);
    }
    if (columns.rest) rowCells[OTHER_KEY] = new Sums(metrics).add(total).add(shownSum.values(), -1).values();
    return { key, label, other, cells: rowCells, total };
  };

  const empty = new Sums(metrics).values();
  const pivotRows = rows.shown.map((r) => rowOf(r.key, r.label, false, r.total.values(), (c) => cells.get(`${r.key}\u0000${c}`) ?? empty));
  if (rows.rest) {
    const shownRowKeys = new Set(rows.shown.map((r) => r.key));
    // Each column's remainder after the rows shown: its total less their cells.
    const otherCell = (columnKey: string) => {
      const sums = new Sums(metrics).add(columnParts.get(columnKey)!.total.values());
      for (const key of shownRowKeys) sums.add(cells.get(`${key}\u0000${columnKey}`), -1);
      return sums.values();
    };
    const otherTotal = new Sums(metrics).add(grand.values());
    for (const r of rows.shown) otherTotal.add(r.total.values(), -1);
    pivotRows.push(rowOf(OTHER_KEY, "Other", true, otherTotal.values(), otherCell));
  }

  return {
    rowDimension: report.group_by ?? "",
    columnDimension: report.then_by ?? "",
    metrics,
    currency: report.currency,
    columns: pivotColumns,
    rows: pivotRows,
    grandTotal: grand.values(),
  };
}

/** What a pivot's rows are sorted by: a column's key, the row total, or the row label. */
export const TOTAL_COLUMN = "\u0000total";
export const LABEL_COLUMN = "\u0000label";
export type PivotSort = { column: string; direction: "asc" | "desc" };

/** A row's value under a column (the total column included) for one metric. */
export function pivotValue(row: PivotRow, column: string, metricId: string): MetricValue {
  return (column === TOTAL_COLUMN ? row.total : row.cells[column])?.[metricId] ?? null;
}

/** Rows sorted by a column of one metric (n/a last either way); "Other" always stays last. */
export function sortPivotRows(rows: PivotRow[], sort: PivotSort | null, metricId: string): PivotRow[] {
  if (!sort) return rows;
  const sign = sort.direction === "asc" ? 1 : -1;
  const ranked = rows.filter((r) => !r.other).sort((a, b) => {
    if (sort.column === LABEL_COLUMN) return sign * a.label.localeCompare(b.label);
    const x = pivotValue(a, sort.column, metricId);
    const y = pivotValue(b, sort.column, metricId);
    if (x === null) return y === null ? 0 : 1;
    if (y === null) return -1;
    const dx = parseDecimal(x);
    const dy = parseDecimal(y);
    return dx === dy ? 0 : dx > dy ? sign : -sign;
  });
  return [...ranked, ...rows.filter((r) => r.other)];
}
