import { workspaceRoute } from "@/lib/api/workspace-route";
import { kpiReportResponse } from "@/lib/api/kpi-response";

export const GET = workspaceRoute("workspace.read", (request, { workspace }) => kpiReportResponse(request, workspace.id));
