import { errorResponse } from "@/lib/api/respond";
import { exportUnitCostsCsv } from "@/lib/metrics/settings/unit-costs";
import { requireWorkspaceAction } from "@/lib/tenancy/server";

// The unit cost overrides of one kind (?field=sku or title) as a CSV the upload form accepts back.
export async function GET(request: Request, { params }: { params: Promise<{ slug: string }> }) {
  try {
    const { workspace } = await requireWorkspaceAction((await params).slug, "workspace.read");
    const field = new URL(request.url).searchParams.get("field") ?? "sku";
    const csv = await exportUnitCostsCsv(workspace.id, field);
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${workspace.slug}-unit-costs-by-${field}.csv"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
