import { attributionReportResponse } from "@/lib/api/attribution-response";
import { workspaceRoute } from "@/lib/api/workspace-route";

export const GET = workspaceRoute("workspace.read", (request, { workspace }) => attributionReportResponse(request, workspace.id));
