import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { updateWorkspace } from "@/lib/workspaces/service";

export const GET = workspaceRoute("workspace.read", async (_request, { workspace, role }) =>
  NextResponse.json({ workspace, role }),
);

export const PATCH = workspaceRoute("settings.manage", async (request, { workspace }) => {
  const updated = await updateWorkspace(workspace.id, await readJson(request));
  return NextResponse.json({ workspace: updated });
});
