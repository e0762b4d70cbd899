import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { refuseOptions, refuseUnknownParameters } from "@/lib/exports/request";
import { listWorkspaceExports, requestWorkspaceExport } from "@/lib/exports/service";

const NO_STORE = { "Cache-Control": "private, no-store" };

// The workspace's exports, newest first, with their progress and (when made) a download link for the caller.
export const GET = workspaceRoute("privacy.export", async (request, context) => {
  refuseUnknownParameters(request);
  return NextResponse.json({ exports: await listWorkspaceExports(context) }, { headers: NO_STORE });
});

// Asks for a new export: built by a job; poll the export for its progress and link.
export const POST = workspaceRoute("privacy.export", async (request, context) => {
  refuseUnknownParameters(request);
  await refuseOptions(request);
  return NextResponse.json(await requestWorkspaceExport(context), { status: 202, headers: NO_STORE });
});
