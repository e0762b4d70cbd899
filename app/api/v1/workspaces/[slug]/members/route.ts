import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { listMembers } from "@/lib/members/service";

export const GET = workspaceRoute("workspace.read", async (_request, { workspace }) => {
  const members = await listMembers(workspace.id);
  return NextResponse.json({ members: members.map((m) => ({ ...m, joinedAt: m.joinedAt.toISOString() })) });
});
