import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { addWidget } from "@/lib/dashboards/widgets";

export const POST = workspaceRoute("dashboards.edit", async (request, { workspace }, { id }) =>
  NextResponse.json(await addWidget(workspace.id, id!, await readJson(request)), { status: 201 }),
);
