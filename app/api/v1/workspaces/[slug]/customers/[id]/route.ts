import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { getCustomerProfile } from "@/lib/customers/profile";
import { can } from "@/lib/tenancy/roles";

export const GET = workspaceRoute("workspace.read", async (_request, { workspace, role }, params) => {
  const profile = await getCustomerProfile(workspace.id, params.id!, { revealEmail: can(role, "dashboards.edit") });
  return NextResponse.json(profile, { headers: { "Cache-Control": "private, no-store" } });
});
