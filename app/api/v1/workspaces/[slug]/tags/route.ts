import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { createTag, listTags } from "@/lib/tags/service";
import { actorUserId } from "@/lib/tenancy/guard";

export const GET = workspaceRoute("workspace.read", async (_request, { workspace }) => NextResponse.json({ tags: await listTags(workspace.id) }));

export const POST = workspaceRoute("dashboards.edit", async (request, context) =>
  NextResponse.json(await createTag(context.workspace.id, await readJson(request), actorUserId(context)), { status: 201 }),
);
