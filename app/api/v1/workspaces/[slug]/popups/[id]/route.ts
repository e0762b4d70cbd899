import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { deletePopup, getPopup, updatePopup } from "@/lib/owned/popups/templates";

export const GET = workspaceRoute("workspace.read", async (_request, { workspace }, { id }) => NextResponse.json({ popup: await getPopup(workspace.id, id) }));

export const PUT = workspaceRoute("dashboards.edit", async (request, { workspace }, { id }) =>
  NextResponse.json({ popup: await updatePopup(workspace.id, id, await readJson(request)) }),
);

export const DELETE = workspaceRoute("dashboards.edit", async (_request, { workspace }, { id }) => {
  await deletePopup(workspace.id, id);
  return new Response(null, { status: 204 });
});
