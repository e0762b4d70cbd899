import { workspaceRoute } from "@/lib/api/workspace-route";
import { getAudience } from "@/lib/audiences/audience";
import { exportAudienceCsv } from "@/lib/audiences/export";
import { AppError } from "@/lib/errors";

// The members with their emails, for admins only; each export is recorded (lib/audiences/export.ts).
export const GET = workspaceRoute("settings.manage", async (request, { workspace, actor }, params) => {
  for (const name of new URL(request.url).searchParams.keys()) throw AppError.field(name, `Unknown parameter "${name}": the export takes none.`);
  const audience = await getAudience(workspace.id, params.id!);
  const file = await exportAudienceCsv(workspace, audience.id, actor);
  const name = audience.name.replace(/[^A-Za-z0-9_-]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "audience";
  return new Response(file.csv, {
    headers: {
      "Cache-Control": "private, no-store",
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="signalboard-audience-${name}.csv"`,
      "Signalboard-Exported-Rows": String(file.rows),
      "Signalboard-Rows-With-Email": String(file.withEmail),
      "Signalboard-Truncated": String(file.truncated),
    },
  });
});
