import { NextResponse } from "next/server";
import { readJson } from "@/lib/api/respond";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { digestView } from "@/lib/digests/api-schema";
import { createDigest, listDigests } from "@/lib/digests/service";
import { actorUserId } from "@/lib/tenancy/guard";

export const GET = workspaceRoute("workspace.read", async (_request, context) =>
  NextResponse.json({ digests: (await listDigests(context.workspace.id, { userId: actorUserId(context) })).map(digestView) }),
);

export const POST = workspaceRoute("dashboards.edit", async (request, context) =>
  NextResponse.json({ digest: digestView(await createDigest(context.workspace.id, { userId: actorUserId(context) }, await readJson(request))) }, { status: 201 }),
);
