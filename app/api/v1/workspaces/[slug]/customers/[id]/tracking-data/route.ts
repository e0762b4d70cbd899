import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { eraseCustomerTrackingById } from "@/lib/identity/erase";

export const DELETE = workspaceRoute("settings.manage", async (_request, { workspace }, params) =>
  NextResponse.json(await eraseCustomerTrackingById(workspace.id, params.id!)),
);
