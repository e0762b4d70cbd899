import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { getVisitor } from "@/lib/identity/visitor-view";

export const GET = workspaceRoute("workspace.read", async (_request, { workspace }, params) =>
  NextResponse.json(await getVisitor(workspace.id, params.anonymousId!), { headers: { "Cache-Control": "private, no-store" } }),
);
