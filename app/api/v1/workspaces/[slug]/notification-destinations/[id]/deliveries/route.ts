import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { AppError } from "@/lib/errors";
import { getDestination } from "@/lib/notifications/destinations";
import { listDeliveries } from "@/lib/notifications/deliveries";

export const GET = workspaceRoute("settings.manage", async (request, { workspace }, { id }) => {
  const status = request.nextUrl.searchParams.get("status");
  if (status !== null && status !== "failed") throw AppError.field("status", 'Use status=failed, or leave it out for every delivery.');
  const destination = await getDestination(workspace.id, id!);
  return NextResponse.json({ deliveries: await listDeliveries(workspace.id, destination.id, status ? { status } : {}) });
});
