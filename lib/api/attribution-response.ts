import { NextResponse } from "next/server";
import { historyNoteHeader } from "@/lib/billing/history";
import { attributionCsv, attributionCsvName, parseAttributionQuery, runAttributionReport } from "@/lib/attribution/report";
import { observeReport } from "@/lib/observability/report-latency";

// Reports are per-user data behind credentials: never stored by a shared cache.
const NO_STORE = { "Cache-Control": "private, no-store" };

/** The attribution report a query string asks for, in `workspaceId`, as JSON or CSV. */
export async function attributionReportResponse(request: Request, workspaceId: string): Promise<Response> {
  const query = parseAttributionQuery(new URL(request.url).searchParams);
  const report = await observeReport("attribution", () => runAttributionReport(workspaceId, query));
  if (query.format === "json") return NextResponse.json(report, { headers: NO_STORE });
  return new Response(attributionCsv(report), {
    headers: { ...NO_STORE, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${attributionCsvName(report)}"`, ...historyNoteHeader(report.history_note) },
  });
}
