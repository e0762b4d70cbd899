import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { audienceJson, listAudiences } from "@/lib/audiences/audience";

export const GET = workspaceRoute("workspace.read", async (_request, { workspace }) => {
  const audiences = await listAudiences(workspace.id);
  return NextResponse.json({ audiences: audiences.map(audienceJson) }, { headers: { "Cache-Control": "private, no-store" } });
});
