import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { previewRule } from "@/lib/tags/service";

export const POST = workspaceRoute("workspace.read", async (request, { workspace }) => NextResponse.json(await previewRule(workspace.id, await readJson(request))));
