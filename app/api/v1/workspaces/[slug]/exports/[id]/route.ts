import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { refuseUnknownParameters } from "@/lib/exports/request";
import { getWorkspaceExport } from "@/lib/exports/service";

export const GET = workspaceRoute("privacy.export", async (request, context, params) => {
  refuseUnknownParameters(request);
  return NextResponse.json(await getWorkspaceExport(context, params.id!), { headers: { "Cache-Control": "private, no-store" } });
});
