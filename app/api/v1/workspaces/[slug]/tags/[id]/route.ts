import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { deleteTag, getTag, updateTag } from "@/lib/tags/service";

export const GET = workspaceRoute("workspace.read", async (_request, { workspace }, { id }) => NextResponse.json(await getTag(workspace.id, id)));

export const PATCH = workspaceRoute("dashboards.edit", async (request, { workspace }, { id }) =>
  NextResponse.json(await updateTag(workspace.id, id, await readJson(request))),
);

export const DELETE = workspaceRoute("dashboards.edit", async (_request, { workspace }, { id }) => {
  await deleteTag(workspace.id, id);
  return new Response(null, { status: 204 });
});
