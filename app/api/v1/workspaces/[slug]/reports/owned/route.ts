import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { workspaceToday } from "@/lib/exceptions/list";
import { popupSection } from "@/lib/owned/popups/report";
import { parseOwnedReportQuery } from "@/lib/owned/report/query";
import { ownedReport } from "@/lib/owned/report/report";

export const GET = workspaceRoute("workspace.read", async (request, { workspace }) => {
  const query = parseOwnedReportQuery(new URL(request.url).searchParams, await workspaceToday(workspace.id));
  const [report, popups] = await Promise.all([ownedReport(workspace.id, query), popupSection(workspace.id, query)]);
  return NextResponse.json({ ...report, popups }, { headers: { "Cache-Control": "private, no-store" } });
});
