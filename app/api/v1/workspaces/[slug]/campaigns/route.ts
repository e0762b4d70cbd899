import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { campaignSearchFromQuery, searchCampaigns } from "@/lib/metrics/report/campaigns";

// Campaign names for the report filters' picker; anyone who can read the workspace's reports.
export const GET = workspaceRoute("workspace.read", async (request, { workspace }) => {
  const search = campaignSearchFromQuery(new URL(request.url).searchParams);
  return NextResponse.json({ campaigns: await searchCampaigns(workspace.id, search) }, { headers: { "Cache-Control": "private, no-store" } });
});
