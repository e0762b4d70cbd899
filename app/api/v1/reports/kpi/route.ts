import { apiKeyRoute } from "@/lib/api/workspace-route";
import { kpiReportResponse } from "@/lib/api/kpi-response";

// `workspace` names the workspace for a signed-in member calling without an API key.
export const GET = apiKeyRoute("workspace.read", (request, { workspace }) => kpiReportResponse(request, workspace.id, ["workspace"]));
