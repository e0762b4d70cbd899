import { NextResponse } from "next/server";
import { silenceRule } from "@/lib/alerts/rules";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";

export const POST = workspaceRoute("dashboards.edit", async (request, { workspace }, { id }) =>
  NextResponse.json(await silenceRule(workspace.id, id!, await readJson(request))),
);
