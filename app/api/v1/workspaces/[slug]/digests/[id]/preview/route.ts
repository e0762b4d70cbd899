import { NextResponse } from "next/server";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { previewRun } from "@/lib/digests/run";
import { getDigest } from "@/lib/digests/service";
import { actorUserId } from "@/lib/tenancy/guard";

export const GET = workspaceRoute("workspace.read", async (_request, context, { id }) => {
  const digest = await getDigest(context.workspace.id, id!, { userId: actorUserId(context) });
  const preview = await previewRun(digest, new Date());
  return NextResponse.json({
    range: { date_from: preview.range.date_from, date_to: preview.range.date_to, label: preview.range.label },
    stale_sources: preview.stale.map((s) => s.name),
    destinations: preview.destinations.map((d) => ({ destination_id: d.destinationId, name: d.name, kind: d.kind, skipped: d.skipped, error: d.error, message: d.message, body: d.body })),
  });
});
