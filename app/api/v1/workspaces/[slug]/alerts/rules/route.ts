import { NextResponse } from "next/server";
import { createRule, listRules } from "@/lib/alerts/rules";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { actorUserId } from "@/lib/tenancy/guard";

export const GET = workspaceRoute("workspace.read", async (_request, { workspace }) => NextResponse.json({ rules: await listRules(workspace.id) }));

export const POST = workspaceRoute("dashboards.edit", async (request, context) =>
  NextResponse.json(await createRule(context.workspace.id, await readJson(request), actorUserId(context)), { status: 201 }),
);
