import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { prepareMessages } from "@/lib/owned/links/prepare";

export const POST = workspaceRoute("dashboards.edit", async (request, { workspace }) =>
  NextResponse.json(await prepareMessages(workspace.id, await readJson(request, 2 * 1024 * 1024))),
);
