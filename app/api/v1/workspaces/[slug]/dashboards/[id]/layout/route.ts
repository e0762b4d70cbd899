import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { saveLayout } from "@/lib/dashboards/widgets";

export const PUT = workspaceRoute("dashboards.edit", async (request, { workspace }, { id }) =>
  NextResponse.json(await saveLayout(workspace.id, id!, await readJson(request))),
);
