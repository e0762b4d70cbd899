import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { createOwnedFolder, listOwnedFolders } from "@/lib/owned/messages/folders";

export const GET = workspaceRoute("workspace.read", async (_request, { workspace }) => NextResponse.json(await listOwnedFolders(workspace.id)));

export const POST = workspaceRoute("dashboards.edit", async (request, { workspace }) =>
  NextResponse.json(await createOwnedFolder(workspace.id, await readJson(request)), { status: 201 }),
);
