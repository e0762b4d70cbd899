import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { getActivitySettings, toBody } from "@/lib/activity/settings";
import { updateActivitySettings } from "@/lib/activity/update-settings";

export const GET = workspaceRoute("workspace.read", async (_request, { workspace }) => NextResponse.json(toBody(await getActivitySettings(workspace.id))));

export const PUT = workspaceRoute("settings.manage", async (request, { workspace, actor }) => {
  const by = actor.kind === "user" ? `user:${actor.userId}` : `api_key:${actor.apiKeyId}`;
  return NextResponse.json(await updateActivitySettings(workspace.id, await readJson(request), by));
});
