import { NextResponse } from "next/server";
import { readJson, readRawBody } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { duplicateDashboard } from "@/lib/dashboards/service";
import { actorUserId } from "@/lib/tenancy/guard";

/** The body is optional here (the copy is then named "<name> (copy)"); one that is sent must be JSON. */
async function optionalJson(request: Request): Promise<unknown> {
  const raw = await readRawBody(request);
  if (!raw.toString("utf8").trim()) return {};
  return readJson(new Request(request.url, { method: request.method, headers: request.headers, body: new Uint8Array(raw) }));
}

export const POST = workspaceRoute("dashboards.edit", async (request, context, { id }) =>
  NextResponse.json(await duplicateDashboard(context.workspace.id, id!, await optionalJson(request), actorUserId(context)), { status: 201 }),
);
