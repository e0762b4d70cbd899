import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { getLiveView } from "@/lib/tracking/live";

// The tracking live view, polled every few seconds by /w/{slug}/tracking; anyone who can read the workspace.
export const GET = workspaceRoute("workspace.read", async (_request, { workspace }) =>
  NextResponse.json(await getLiveView(workspace.id), { headers: { "Cache-Control": "private, no-store" } }),
);
