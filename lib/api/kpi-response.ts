import { NextResponse } from "next/server";
import { reportCsv } from "@/lib/api/csv";
import { asQueryError, parseReportQuery } from "@/lib/api/report-query";
import { runReport } from "@/lib/metrics/report/run";

// Reports are per-user data behind credentials: never stored by a shared cache.
const NO_STORE = { "Cache-Control": "private, no-store" };

/** Runs the KPI report a query string asks for, in `workspaceId`, as JSON or CSV. */
export async function kpiReportResponse(request: Request, workspaceId: string, extraParameters: readonly string[] = []): Promise<Response> {
  const { request: reportRequest, format } = parseReportQuery(new URL(request.url).searchParams, extraParameters);
  let report;
  try {
    report = await runReport(workspaceId, reportRequest);
  } catch (error) {
    throw asQueryError(error);
  }
  if (format === "json") return NextResponse.json(report, { headers: NO_STORE });
  const filename = `signalboard-report-${report.range.date_from}-${report.range.date_to}.csv`;
  return new Response(reportCsv(report), {
    headers: {
      ...NO_STORE,
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
    },
  });
}
