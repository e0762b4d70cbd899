import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { workspaceToday } from "@/lib/exceptions/list";
import { ownedCostOverview } from "@/lib/owned/costs/overview";
import { parseOwnedReportQuery } from "@/lib/owned/report/query";

export const GET = workspaceRoute("workspace.read", async (request, { workspace }) => {
  const query = parseOwnedReportQuery(new URL(request.url).searchParams, await workspaceToday(workspace.id));
  return NextResponse.json(await ownedCostOverview(workspace.id, query), { headers: { "Cache-Control": "private, no-store" } });
});
