import { NextResponse } from "next/server";
import { previewRule } from "@/lib/alerts/preview";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";

export const POST = workspaceRoute("workspace.read", async (request, { workspace }) => NextResponse.json(await previewRule(workspace.id, await readJson(request))));
