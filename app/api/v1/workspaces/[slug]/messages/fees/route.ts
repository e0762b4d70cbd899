import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { ownedCostSettings, saveOwnedCostSettings } from "@/lib/owned/costs/store";

export const GET = workspaceRoute("workspace.read", async (_request, { workspace }) => NextResponse.json(await ownedCostSettings(workspace.id)));

export const PUT = workspaceRoute("settings.manage", async (request, { workspace }) => NextResponse.json(await saveOwnedCostSettings(workspace.id, await readJson(request))));
