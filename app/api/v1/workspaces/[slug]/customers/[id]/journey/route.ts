import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { getCustomerJourney } from "@/lib/journeys/build";
import { parseJourneyQuery } from "@/lib/journeys/query";
import { can } from "@/lib/tenancy/roles";

export const GET = workspaceRoute("workspace.read", async (request, { workspace, role }, params) => {
  const query = parseJourneyQuery(new URL(request.url).searchParams);
  const journey = await getCustomerJourney(workspace.id, params.id!, query, { revealEmail: can(role, "dashboards.edit") });
  return NextResponse.json(journey, { headers: { "Cache-Control": "private, no-store" } });
});
