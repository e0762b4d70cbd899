import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { previewView } from "@/lib/digests/api-schema";
import { previewRun } from "@/lib/digests/run";
import { getDigest } from "@/lib/digests/service";
import { actorUserId } from "@/lib/tenancy/guard";

export const GET = workspaceRoute("workspace.read", async (_request, context, { id }) => {
  const digest = await getDigest(context.workspace.id, id!, { userId: actorUserId(context) });
  return NextResponse.json(previewView(await previewRun(digest, new Date())));
});
