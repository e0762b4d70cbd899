import { ltvDriversResponse } from "@/lib/api/cohort-response";
import { workspaceRoute } from "@/lib/api/workspace-route";

export const GET = workspaceRoute("workspace.read", (request, { workspace }) => ltvDriversResponse(request, workspace.id));
