import { apiKeyRoute } from "@/lib/api/workspace-route";
import { handleImport } from "@/lib/imports/http";

// Members and up may import: imported sends feed the owned-channel report, like the dashboards they may edit.
export const POST = apiKeyRoute("dashboards.edit", (request, context) => handleImport("owned_sends", request, context));
