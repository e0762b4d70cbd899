import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { listMerges } from "@/lib/identity/merge-admin";

export const GET = workspaceRoute("workspace.read", async (_request, { workspace }) =>
  NextResponse.json(await listMerges(workspace.id), { headers: { "Cache-Control": "private, no-store" } }),
);
