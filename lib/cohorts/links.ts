import type { TCohortCell, TCohortReport, TCohortRow } from "./types";

// Where a cohort cell leads: the customers list filtered to it. The parameters (cohort, grain,
// active_offset, segment, segment_value) are the customers list's own.

export function cellCustomersHref(slug: string, report: Pick<TCohortReport, "period" | "segment" | "segment_value" | "cohort_by">, row: TCohortRow, cell: TCohortCell): string {
  const params = new URLSearchParams();
  if (report.cohort_by) {
    // A row of a segment value spans many cohorts: its customers are the value's.
    params.set("segment", report.cohort_by);
    params.set("segment_value", row.key);
  } else {
    params.set("cohort", row.key);
    params.set("grain", report.period);
    params.set("active_offset", String(cell.offset));
    if (report.segment && report.segment_value) {
      params.set("segment", report.segment);
      params.set("segment_value", report.segment_value);
    }
  }
  return `/w/${encodeURIComponent(slug)}/customers?${params.toString()}`;
}

/** Every value a heatmap colours, as numbers for the scale only (the cells show the exact text). */
export function colourScale(report: TCohortReport): { low: number; high: number } {
  const metric = report.metric;
  // Offset 0 of retention and active customers is everyone: it would flatten the rest of the scale.
  const skipFirst = metric === "retention" || metric === "active_customers" || metric === "customers";
  const values = report.rows.flatMap((row) =>
    row.cells.filter((cell) => !(skipFirst && cell.offset === 0) && cell.value !== null).map((cell) => Number(cell.value)),
  );
  return values.length === 0 ? { low: 0, high: 0 } : { low: Math.min(...values), high: Math.max(...values) };
}
