import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { popupSettings, savePopupSettings } from "@/lib/owned/popups/templates";

export const GET = workspaceRoute("workspace.read", async (_request, { workspace }) => NextResponse.json(await popupSettings(workspace.id)));

export const PUT = workspaceRoute("settings.manage", async (request, { workspace }) => NextResponse.json(await savePopupSettings(workspace.id, await readJson(request))));
