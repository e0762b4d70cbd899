import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { deleteDestination, getDestination, updateDestination } from "@/lib/notifications/destinations";

export const GET = workspaceRoute("settings.manage", async (_request, { workspace }, { id }) =>
  NextResponse.json({ destination: await getDestination(workspace.id, id!) }),
);

export const PATCH = workspaceRoute("settings.manage", async (request, { workspace }, { id }) =>
  NextResponse.json({ destination: await updateDestination(workspace.id, id!, await readJson(request)) }),
);

export const DELETE = workspaceRoute("settings.manage", async (_request, { workspace }, { id }) => {
  await deleteDestination(workspace.id, id!);
  return new Response(null, { status: 204 });
});
