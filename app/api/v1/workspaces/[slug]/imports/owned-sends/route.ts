import { workspaceRoute } from "@/lib/api/workspace-route";
import { handleImport } from "@/lib/imports/http";

export const POST = workspaceRoute("dashboards.edit", (request, context) => handleImport("owned_sends", request, context));
