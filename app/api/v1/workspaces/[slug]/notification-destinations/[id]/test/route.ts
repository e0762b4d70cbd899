import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { getDelivery } from "@/lib/notifications/deliveries";
import { sendTestMessage } from "@/lib/notifications/test-message";

export const POST = workspaceRoute("settings.manage", async (_request, { workspace }, { id }) => {
  const { id: deliveryId } = await sendTestMessage(workspace, id!);
  return NextResponse.json({ delivery: await getDelivery(workspace.id, deliveryId) }, { status: 202 });
});
