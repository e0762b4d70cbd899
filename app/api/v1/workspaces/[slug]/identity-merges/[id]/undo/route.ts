import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { actorLabel, undoMerge } from "@/lib/identity/merge-admin";

export const POST = workspaceRoute("settings.manage", async (_request, context, params) =>
  NextResponse.json(await undoMerge(context.workspace.id, params.id!, actorLabel(context))),
);
