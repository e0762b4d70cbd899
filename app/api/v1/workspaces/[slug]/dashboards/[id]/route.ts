import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { deleteDashboard, getDashboard, updateDashboard } from "@/lib/dashboards/service";

export const GET = workspaceRoute("workspace.read", async (_request, { workspace }, { id }) =>
  NextResponse.json(await getDashboard(workspace.id, id!)),
);

export const PATCH = workspaceRoute("dashboards.edit", async (request, { workspace }, { id }) =>
  NextResponse.json(await updateDashboard(workspace.id, id!, await readJson(request))),
);

export const DELETE = workspaceRoute("dashboards.edit", async (_request, { workspace }, { id }) => {
  await deleteDashboard(workspace.id, id!);
  return new Response(null, { status: 204 });
});
