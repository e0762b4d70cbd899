import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { getAudience } from "@/lib/audiences/audience";
import { audienceMembers, parseMemberQuery } from "@/lib/audiences/members";

// Members are people: never kept by a shared cache.
export const GET = workspaceRoute("workspace.read", async (request, { workspace }, params) => {
  const query = parseMemberQuery(new URL(request.url).searchParams);
  const audience = await getAudience(workspace.id, params.id!);
  return NextResponse.json(await audienceMembers(workspace.id, audience.id, query), { headers: { "Cache-Control": "private, no-store" } });
});
