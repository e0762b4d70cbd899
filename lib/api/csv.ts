import type { TReport } from "@/lib/metrics/report/types";

// CSV for spreadsheets (RFC 4180). Campaign and product names come from ad platforms and stores,
// i.e. from strangers: a cell a spreadsheet would run as a formula is neutralised with a leading
// quote. Numbers (including negative ones such as "-12.50") are left exactly as they are.

export type CsvCell = string | number | null | undefined;

const NUMERIC = /^-?\d+(\.\d+)?$/;
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value !== "number" && FORMULA_START.test(text) && !NUMERIC.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

/**
 * A report as a table: the dimension (one column each for two), one column per metric, then one "<metric> (compare)" column
 * per metric when the report compares; a row per dimension value and a final "Total" row. A daily
 * comparison also names the comparison day beside each day ("day (compare)"), so the pairing shows.
 */
export function reportCsv(report: TReport): string {
  const ids = report.metrics.map((m) => m.id);
  const compares = report.compare !== "none";
  const pairsDays = compares && report.group_by === "day";
  // Two dimensions: a column for each, so a spreadsheet can pivot them.
  const names = report.then_by ? [report.group_by ?? "", report.then_by] : [report.group_by ?? "range"];
  const header = [
    ...names,
    ...ids,
    ...(pairsDays ? ["day (compare)"] : []),
    ...(compares ? ids.map((id) => `${id} (compare)`) : []),
  ];
  const line = (labels: readonly string[], values: TReport["totals"], compare: TReport["totals"] | null | undefined, compareDay?: string | null) => [
    ...labels,
    ...ids.map((id) => values[id]),
    ...(pairsDays ? [compareDay] : []),
    ...(compares ? ids.map((id) => compare?.[id]) : []),
  ];
  const compareRange = report.compare_range ? `${report.compare_range.date_from}..${report.compare_range.date_to}` : null;
  return toCsv([
    header,
    ...report.rows.map((row) => line(report.then_by ? (row.labels ?? [row.label, ""]) : [row.label], row.values, row.compare, row.compare_key)),
    line(report.then_by ? ["Total", ""] : ["Total"], report.totals, report.compare_totals, compareRange),
  ]);
}
