import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { digestView } from "@/lib/digests/api-schema";
import { deleteDigest, getDigest, updateDigest } from "@/lib/digests/service";
import { actorUserId } from "@/lib/tenancy/guard";

export const GET = workspaceRoute("workspace.read", async (_request, context, { id }) =>
  NextResponse.json({ digest: digestView(await getDigest(context.workspace.id, id!, { userId: actorUserId(context) })) }),
);

export const PATCH = workspaceRoute("dashboards.edit", async (request, context, { id }) =>
  NextResponse.json({ digest: digestView(await updateDigest(context.workspace.id, id!, { userId: actorUserId(context) }, await readJson(request))) }),
);

export const DELETE = workspaceRoute("dashboards.edit", async (_request, context, { id }) => {
  await deleteDigest(context.workspace.id, id!, { userId: actorUserId(context) });
  return new Response(null, { status: 204 });
});
