import { workspaceRoute } from "@/lib/api/workspace-route";
import { kpiReportResponse } from "@/app/api/v1/reports/_shared/kpi-response";

export const GET = workspaceRoute("workspace.read", (request, { workspace }) => kpiReportResponse(request, workspace.id));
