import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { recordSends } from "@/lib/owned/messages/sends";

export const POST = workspaceRoute("dashboards.edit", async (request, { workspace }) =>
  NextResponse.json(await recordSends(workspace, await readJson(request, 4 * 1024 * 1024))),
);
