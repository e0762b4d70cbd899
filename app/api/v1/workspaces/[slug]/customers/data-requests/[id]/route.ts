import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { getCustomerDataRequest } from "@/lib/stores/compliance/api-request";

export const GET = workspaceRoute("settings.manage", async (_request, { workspace }, params) =>
  NextResponse.json(await getCustomerDataRequest(workspace.id, params.id!), { headers: { "Cache-Control": "private, no-store" } }),
);
