import { cohortReportResponse } from "@/lib/api/cohort-response";
import { workspaceRoute } from "@/lib/api/workspace-route";

export const GET = workspaceRoute("workspace.read", (request, { workspace }) => cohortReportResponse(request, workspace.id));
