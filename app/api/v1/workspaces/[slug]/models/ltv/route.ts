import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { getLtvModel } from "@/lib/ltv/view";

export const GET = workspaceRoute("workspace.read", async (_request, { workspace }) =>
  NextResponse.json(await getLtvModel(workspace), { headers: { "Cache-Control": "private, no-store" } }),
);
