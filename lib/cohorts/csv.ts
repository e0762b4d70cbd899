import { toCsv, type CsvCell } from "@/lib/api/csv";
import type { TCohortReport, TCohortRow } from "./types";

// A cohort report as a spreadsheet: one line per cohort (or segment value) with its size, CAC,
// LTV:CAC and payback, then the requested metric at each offset, as the heatmap shows it. An
// offset a cohort has not reached is an empty cell, unlike a 0.

export function cohortCsv(report: TCohortReport): string {
  const offsets = Array.from({ length: report.max_offset + 1 }, (_, k) => k);
  const header: CsvCell[] = [
    report.cohort_by ?? "cohort", "label", "customers", "ad_spend", "cac", "ltv_cac_3m", "ltv_cac_6m", "ltv_cac_12m", "payback_offset",
    ...offsets.map((k) => `${report.metric} ${k}`),
  ];
  const line = (row: TCohortRow): CsvCell[] => {
    const byOffset = new Map(row.cells.map((cell) => [cell.offset, cell.value]));
    return [
      row.key, row.label, row.customers, row.ad_spend, row.cac, row.ltv_cac["3"], row.ltv_cac["6"], row.ltv_cac["12"], row.payback_offset,
      ...offsets.map((k) => byOffset.get(k)),
    ];
  };
  return toCsv([header, ...report.rows.map(line), ...(report.total ? [line(report.total)] : [])]);
}

export const cohortCsvName = (report: TCohortReport) => `signalboard-cohorts-${report.period}-${report.date_from}-${report.date_to}.csv`;
