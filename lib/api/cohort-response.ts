import { NextResponse } from "next/server";
import { historyNoteHeader } from "@/lib/billing/history";
import { cohortCsv, cohortCsvName } from "@/lib/cohorts/csv";
import { parseDriversQuery, runLtvDrivers } from "@/lib/cohorts/drivers";
import { runCohortReport } from "@/lib/cohorts/report";
import { parseCohortQuery } from "@/lib/cohorts/request";
import { observeReport } from "@/lib/observability/report-latency";

// Reports are per-user data behind credentials: never stored by a shared cache.
const NO_STORE = { "Cache-Control": "private, no-store" };

/** The cohort report a query string asks for, in `workspaceId`, as JSON or CSV. */
export async function cohortReportResponse(request: Request, workspaceId: string): Promise<Response> {
  const { request: cohortRequest, format } = parseCohortQuery(new URL(request.url).searchParams);
  const report = await observeReport("cohorts", () => runCohortReport(workspaceId, cohortRequest));
  if (format === "json") return NextResponse.json(report, { headers: NO_STORE });
  return new Response(cohortCsv(report), {
    headers: { ...NO_STORE, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${cohortCsvName(report)}"`, ...historyNoteHeader(report.history_note) },
  });
}

/** The LTV drivers a query string asks for. */
export async function ltvDriversResponse(request: Request, workspaceId: string): Promise<Response> {
  const drivers = await runLtvDrivers(workspaceId, parseDriversQuery(new URL(request.url).searchParams));
  return NextResponse.json(drivers, { headers: NO_STORE });
}
