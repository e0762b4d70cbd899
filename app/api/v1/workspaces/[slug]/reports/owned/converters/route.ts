import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { workspaceToday } from "@/lib/exceptions/list";
import { parseOwnedReportQuery } from "@/lib/owned/report/query";
import { ownedConverters } from "@/lib/owned/report/report";

export const GET = workspaceRoute("workspace.read", async (request, { workspace }) => {
  const query = parseOwnedReportQuery(new URL(request.url).searchParams, await workspaceToday(workspace.id));
  return NextResponse.json(await ownedConverters(workspace.id, query), { headers: { "Cache-Control": "private, no-store" } });
});
