import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { removeWidget, updateWidget } from "@/lib/dashboards/widgets";

export const PATCH = workspaceRoute("dashboards.edit", async (request, { workspace }, { id, widgetId }) =>
  NextResponse.json(await updateWidget(workspace.id, id!, widgetId!, await readJson(request))),
);

export const DELETE = workspaceRoute("dashboards.edit", async (_request, { workspace }, { id, widgetId }) => {
  await removeWidget(workspace.id, id!, widgetId!);
  return new Response(null, { status: 204 });
});
