import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { recordSendEvents } from "@/lib/owned/messages/send-events";

export const POST = workspaceRoute("dashboards.edit", async (request, { workspace }) =>
  NextResponse.json(await recordSendEvents(workspace.id, await readJson(request))),
);
