import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { sendDigestNow } from "@/lib/digests/run";
import { getDigest } from "@/lib/digests/service";
import { actorUserId } from "@/lib/tenancy/guard";

export const POST = workspaceRoute("dashboards.edit", async (_request, context, { id }) => {
  const digest = await getDigest(context.workspace.id, id!, { userId: actorUserId(context) });
  return NextResponse.json({ outcome: await sendDigestNow(digest) }, { status: 202 });
});
