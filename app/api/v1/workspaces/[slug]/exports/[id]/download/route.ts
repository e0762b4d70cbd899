import { workspaceRoute } from "@/lib/api/workspace-route";
import { refuseUnknownParameters } from "@/lib/exports/request";
import { openWorkspaceExport } from "@/lib/exports/service";

// The zip, streamed from its stored chunks, for the holder of a signed link (lib/exports/link.ts).
export const GET = workspaceRoute("privacy.export", async (request, context, params) => {
  refuseUnknownParameters(request, ["expires", "signature"]);
  const query = new URL(request.url).searchParams;
  const file = await openWorkspaceExport(context, params.id!, { expires: query.get("expires"), signature: query.get("signature") });
  return new Response(file.body, {
    headers: {
      "Cache-Control": "private, no-store",
      "Content-Type": "application/zip",
      "Content-Length": String(file.bytes),
      "Content-Disposition": `attachment; filename="${file.filename}"`,
    },
  });
});
