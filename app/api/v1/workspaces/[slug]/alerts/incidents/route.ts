import { NextResponse } from "next/server";
import { listIncidents } from "@/lib/alerts/incidents";
import { parseIncidentQuery } from "@/lib/alerts/schema";
import { workspaceRoute } from "@/lib/api/workspace-route";

export const GET = workspaceRoute("workspace.read", async (request, { workspace }) =>
  NextResponse.json({ incidents: await listIncidents(workspace.id, parseIncidentQuery(request.nextUrl.searchParams)) }),
);
