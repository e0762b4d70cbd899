import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { membersPage, reportStatus } from "@/lib/tags/http";
import { changeMembers } from "@/lib/tags/upload";

export const GET = workspaceRoute("workspace.read", (request, { workspace }, { id }) => membersPage(request, workspace.id, id));

export const POST = workspaceRoute("dashboards.edit", async (request, { workspace }, { id }) => {
  const report = await changeMembers(workspace.id, id, await readJson(request));
  return NextResponse.json(report, { status: reportStatus(report) });
});
