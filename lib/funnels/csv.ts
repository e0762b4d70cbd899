import { toCsv, type CsvCell } from "@/lib/api/csv";
import type { FunnelReport, FunnelRow } from "./report";

// A funnel as a spreadsheet: one line per step of the total, then per step of each breakdown value.

export function funnelCsv(report: FunnelReport): string {
  const header: CsvCell[] = [
    report.breakdown ?? "segment", "step", "event", "label", "count", "conversion", "step_conversion", "drop_off", "drop_off_rate", "median_seconds_from_previous",
  ];
  const lines = (segment: string, row: FunnelRow): CsvCell[][] =>
    row.steps.map((step, i) => [
      segment, i + 1, report.steps[i]!.event, report.steps[i]!.label, step.count, step.conversion, step.step_conversion, step.drop_off, step.drop_off_rate,
      step.median_seconds_from_previous,
    ]);
  return toCsv([header, ...lines("total", report.total), ...report.breakdown_rows.flatMap((row) => lines(row.value ?? "", row))]);
}

export const funnelCsvName = (report: FunnelReport) => `signalboard-funnel-${report.date_from}-${report.date_to}.csv`;
