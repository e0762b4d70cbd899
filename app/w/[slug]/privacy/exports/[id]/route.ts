import { errorResponse } from "@/lib/api/respond";
import { notFound } from "@/lib/errors";
import { openExport } from "@/lib/stores/compliance/data-request";
import { requireWorkspaceAction } from "@/lib/tenancy/server";

// A customers/data_request's export, for the workspace's owners (the link in their email).
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) {
  try {
    const { slug, id } = await params;
    const { workspace } = await requireWorkspaceAction(slug, "privacy.export");
    const found = await openExport(workspace.id, id);
    if (!found) throw notFound("No such export, or it has expired.");
    const name = `${workspace.slug}-customer-${found.customerExternalId ?? "unknown"}-export.json`;
    return new Response(found.json, {
      headers: { "Content-Type": "application/json; charset=utf-8", "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
