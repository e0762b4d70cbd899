import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { forgetFollowCaches } from "@/lib/owned/links/follow";
import { ownedSettings, saveOwnedSettings } from "@/lib/owned/settings";

export const GET = workspaceRoute("workspace.read", async (_request, { workspace }) => NextResponse.json(await ownedSettings(workspace.id)));

export const PUT = workspaceRoute("settings.manage", async (request, { workspace }) => {
  const saved = await saveOwnedSettings(workspace.id, await readJson(request));
  forgetFollowCaches();
  return NextResponse.json(saved);
});
