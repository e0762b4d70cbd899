import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { exportAuditCsv } from "@/lib/audit/csv";
import { listAuditEvents, parseAuditQuery } from "@/lib/audit/query";
import { AppError } from "@/lib/errors";

// The workspace's audit trail, for admins: a page of events as JSON, or with format=csv every
// matching event as one file (its download is itself recorded in the trail).
export const GET = workspaceRoute("audit.read", async (request, context) => {
  const search = new URL(request.url).searchParams;
  const format = search.get("format") ?? "json";
  if (format !== "json" && format !== "csv") throw AppError.field("format", "format must be json or csv.");
  search.delete("format");
  const query = parseAuditQuery(search);
  if (format === "csv") {
    if (query.cursor !== null || search.has("limit")) throw AppError.field(search.has("limit") ? "limit" : "cursor", "The CSV holds every matching event: leave out cursor and limit.");
    return exportAuditCsv(context, query.filters);
  }
  const { workspace } = context;
  return NextResponse.json(await listAuditEvents(workspace.id, workspace.timeZone, query), { headers: { "Cache-Control": "private, no-store" } });
});
