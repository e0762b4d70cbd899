import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { createDestination, listDestinations } from "@/lib/notifications/destinations";
import { actorUserId } from "@/lib/tenancy/guard";

export const GET = workspaceRoute("settings.manage", async (_request, { workspace }) =>
  NextResponse.json({ destinations: await listDestinations(workspace.id) }),
);

export const POST = workspaceRoute("settings.manage", async (request, context) =>
  NextResponse.json(await createDestination(context.workspace.id, actorUserId(context), await readJson(request)), { status: 201 }),
);
