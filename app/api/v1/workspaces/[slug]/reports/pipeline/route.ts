import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { pipelineReport } from "@/lib/crm/pipeline";
import { parsePipelineQuery } from "@/lib/crm/pipeline-query";
import { workspaceToday } from "@/lib/exceptions/list";

export const GET = workspaceRoute("workspace.read", async (request, { workspace }) => {
  const query = parsePipelineQuery(new URL(request.url).searchParams, await workspaceToday(workspace.id));
  return NextResponse.json(await pipelineReport(workspace.id, query), { headers: { "Cache-Control": "private, no-store" } });
});
