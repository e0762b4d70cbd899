import { NextResponse } from "next/server";
import { historyNoteHeader } from "@/lib/billing/history";
import { funnelCsv, funnelCsvName } from "@/lib/funnels/csv";
import { runFunnelReport } from "@/lib/funnels/report";
import { parseFunnelQuery } from "@/lib/funnels/request";
import { getFunnel } from "@/lib/funnels/service";
import { observeReport } from "@/lib/observability/report-latency";

// Reports are per-user data behind credentials: never stored by a shared cache.
const NO_STORE = { "Cache-Control": "private, no-store" };

/** The funnel a query string asks for (its steps, or a saved funnel's), in `workspaceId`, as JSON or CSV. */
export async function funnelReportResponse(request: Request, workspaceId: string): Promise<Response> {
  const query = parseFunnelQuery(new URL(request.url).searchParams);
  const definition = query.definition ?? (await getFunnel(workspaceId, query.funnelId!));
  const report = await observeReport("funnels", () => runFunnelReport(workspaceId, definition, query.range, { includeBots: query.includeBots }));
  if (query.format === "json") return NextResponse.json(report, { headers: NO_STORE });
  return new Response(funnelCsv(report), {
    headers: { ...NO_STORE, "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${funnelCsvName(report)}"`, ...historyNoteHeader(report.history_note) },
  });
}
