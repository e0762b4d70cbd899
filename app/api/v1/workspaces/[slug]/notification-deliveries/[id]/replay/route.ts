import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { replayDelivery } from "@/lib/notifications/deliveries";

export const POST = workspaceRoute("settings.manage", async (_request, { workspace }, { id }) =>
  NextResponse.json({ delivery: await replayDelivery(workspace.id, id!) }, { status: 202 }),
);
