import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { deleteOwnedFolder, getOwnedFolder, updateOwnedFolder } from "@/lib/owned/messages/folders";

export const GET = workspaceRoute("workspace.read", async (_request, { workspace }, { id }) => NextResponse.json(await getOwnedFolder(workspace.id, id!)));

export const PATCH = workspaceRoute("dashboards.edit", async (request, { workspace }, { id }) =>
  NextResponse.json(await updateOwnedFolder(workspace.id, id!, await readJson(request))),
);

export const DELETE = workspaceRoute("dashboards.edit", async (_request, { workspace }, { id }) => {
  await deleteOwnedFolder(workspace.id, id!);
  return new Response(null, { status: 204 });
});
