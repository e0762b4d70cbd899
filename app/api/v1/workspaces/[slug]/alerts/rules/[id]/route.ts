import { NextResponse } from "next/server";
import { deleteRule, getRule, updateRule } from "@/lib/alerts/rules";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";

export const GET = workspaceRoute("workspace.read", async (_request, { workspace }, { id }) => NextResponse.json(await getRule(workspace.id, id!)));

export const PATCH = workspaceRoute("dashboards.edit", async (request, { workspace }, { id }) =>
  NextResponse.json(await updateRule(workspace.id, id!, await readJson(request))),
);

export const DELETE = workspaceRoute("dashboards.edit", async (_request, { workspace }, { id }) => {
  await deleteRule(workspace.id, id!);
  return new Response(null, { status: 204 });
});
