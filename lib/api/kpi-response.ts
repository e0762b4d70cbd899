import { reportCsv } from "@/lib/api/csv";
import { asQueryError, parseReportQuery } from "@/lib/api/report-query";
import { runReport } from "@/lib/metrics/report/run";
import { observeReport } from "@/lib/observability/report-latency";

// Reports are per-user data behind credentials: never stored by a shared cache.
const NO_STORE = { "Cache-Control": "private, no-store" };
// The server gzips answers from 1 KB up, and setting up a compressor costs the same however
// little it compresses: for a KPI report of 1-2 KB it was a sixth of the server's CPU per request
// (bench:api) to save under a kilobyte. Smaller answers go as they are (no-transform, which the
// compression honours); breakdowns and exports above this size are still compressed.
export const COMPRESS_FROM_BYTES = 4096;
const SMALL_NO_STORE = { "Cache-Control": "private, no-store, no-transform" };

/** Runs the KPI report a query string asks for, in `workspaceId`, as JSON or CSV. */
export async function kpiReportResponse(request: Request, workspaceId: string, extraParameters: readonly string[] = []): Promise<Response> {
  const { request: reportRequest, format } = parseReportQuery(new URL(request.url).searchParams, extraParameters);
  let report;
  try {
    report = await observeReport("kpi", () => runReport(workspaceId, reportRequest));
  } catch (error) {
    throw asQueryError(error);
  }
  if (format === "json") {
    const body = JSON.stringify(report);
    const small = Buffer.byteLength(body) < COMPRESS_FROM_BYTES;
    return new Response(body, { headers: { ...(small ? SMALL_NO_STORE : NO_STORE), "Content-Type": "application/json" } });
  }
  const filename = `signalboard-report-${report.range.date_from}-${report.range.date_to}.csv`;
  return new Response(reportCsv(report), {
    headers: {
      ...NO_STORE,
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
    },
  });
}
