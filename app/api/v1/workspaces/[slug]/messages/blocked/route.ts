import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { blockedCounts, recordBlocked } from "@/lib/owned/messages/blocked";

export const GET = workspaceRoute("workspace.read", async (request, { workspace }) =>
  NextResponse.json(await blockedCounts(workspace.id, Object.fromEntries(request.nextUrl.searchParams))),
);

export const POST = workspaceRoute("dashboards.edit", async (request, { workspace }) =>
  NextResponse.json(await recordBlocked(workspace.id, await readJson(request))),
);
