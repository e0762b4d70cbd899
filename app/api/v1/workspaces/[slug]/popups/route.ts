import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { createPopup, listPopups } from "@/lib/owned/popups/templates";

export const GET = workspaceRoute("workspace.read", async (_request, { workspace }) => NextResponse.json({ popups: await listPopups(workspace.id) }));

export const POST = workspaceRoute("dashboards.edit", async (request, { workspace }) =>
  NextResponse.json({ popup: await createPopup(workspace.id, await readJson(request)) }, { status: 201 }),
);
