import { funnelReportResponse } from "@/lib/api/funnel-response";
import { workspaceRoute } from "@/lib/api/workspace-route";

export const GET = workspaceRoute("workspace.read", (request, { workspace }) => funnelReportResponse(request, workspace.id));
