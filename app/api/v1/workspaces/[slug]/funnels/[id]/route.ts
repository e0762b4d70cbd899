import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { deleteFunnel, getFunnel, updateFunnel } from "@/lib/funnels/service";

export const GET = workspaceRoute("workspace.read", async (_request, { workspace }, { id }) => NextResponse.json(await getFunnel(workspace.id, id!)));

export const PATCH = workspaceRoute("dashboards.edit", async (request, { workspace }, { id }) =>
  NextResponse.json(await updateFunnel(workspace.id, id!, await readJson(request))),
);

export const DELETE = workspaceRoute("dashboards.edit", async (_request, { workspace }, { id }) => {
  await deleteFunnel(workspace.id, id!);
  return new Response(null, { status: 204 });
});
