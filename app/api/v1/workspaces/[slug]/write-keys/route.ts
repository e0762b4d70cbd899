import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { actorUserId } from "@/lib/tenancy/guard";
import { createWriteKey, listWriteKeys, writeKeyJson } from "@/lib/tracking/write-keys";

export const GET = workspaceRoute("apikeys.manage", async (_request, { workspace }) =>
  NextResponse.json({ writeKeys: (await listWriteKeys(workspace.id)).map(writeKeyJson) }),
);

export const POST = workspaceRoute("apikeys.manage", async (request, context) => {
  const row = await createWriteKey(context.workspace.id, { userId: actorUserId(context) }, await readJson(request));
  return NextResponse.json({ writeKey: writeKeyJson(row) }, { status: 201 });
});
