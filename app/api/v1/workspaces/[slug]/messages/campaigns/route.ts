import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { defineCampaigns } from "@/lib/owned/messages/campaigns";

export const POST = workspaceRoute("dashboards.edit", async (request, { workspace }) =>
  NextResponse.json(await defineCampaigns(workspace.id, await readJson(request))),
);
