import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { getWriteKey, revokeWriteKey, updateWriteKey, writeKeyJson } from "@/lib/tracking/write-keys";

export const GET = workspaceRoute("apikeys.manage", async (_request, { workspace }, { id }) =>
  NextResponse.json({ writeKey: writeKeyJson(await getWriteKey(workspace.id, id)) }),
);

export const PATCH = workspaceRoute("apikeys.manage", async (request, { workspace }, { id }) =>
  NextResponse.json({ writeKey: writeKeyJson(await updateWriteKey(workspace.id, id, await readJson(request))) }),
);

export const DELETE = workspaceRoute("apikeys.manage", async (_request, { workspace }, { id }) => {
  await revokeWriteKey(workspace.id, id);
  return new Response(null, { status: 204 });
});
