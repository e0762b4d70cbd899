import { NextResponse } from "next/server";
import { readJson, readRawBody } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { requestConnectionSync } from "@/lib/connections/resource";

/** An empty body means an incremental sync, so a bare POST needs no Content-Type; a body sent must be JSON. */
async function bodyOrEmpty(request: Request): Promise<unknown> {
  const raw = await readRawBody(request);
  if (raw.toString("utf8").trim() === "") return {};
  return readJson(new Request(request.url, { method: "POST", headers: request.headers, body: new Uint8Array(raw) }));
}

export const POST = workspaceRoute("connections.manage", async (request, { workspace }, { id }) =>
  NextResponse.json(await requestConnectionSync(workspace, id!, await bodyOrEmpty(request)), { status: 202 }),
);
