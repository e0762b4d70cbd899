import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { listConnectionViews } from "@/lib/connections/resource";

// Freshness is what callers poll this for: a shared cache must never answer in the database's place.
const NO_STORE = { "Cache-Control": "private, no-store" };

export const GET = workspaceRoute("workspace.read", async (_request, { workspace }) =>
  NextResponse.json({ connections: await listConnectionViews(workspace.id) }, { headers: NO_STORE }),
);
