import { NextResponse } from "next/server";
import { readJson, readRawBody } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { acceptLtvFitRequest } from "@/lib/ltv/request";

/** A bare POST needs no body; a body sent must be JSON. */
async function bodyOrEmpty(request: Request): Promise<unknown> {
  const raw = await readRawBody(request);
  if (raw.toString("utf8").trim() === "") return {};
  return readJson(new Request(request.url, { method: "POST", headers: request.headers, body: new Uint8Array(raw) }));
}

export const POST = workspaceRoute("settings.manage", async (request, { workspace }) =>
  NextResponse.json(await acceptLtvFitRequest(workspace, await bodyOrEmpty(request)), { status: 202 }),
);
