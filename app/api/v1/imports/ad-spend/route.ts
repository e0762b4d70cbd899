import { apiKeyRoute } from "@/lib/api/workspace-route";
import { handleImport } from "@/lib/imports/http";

// Members and up may import: imported rows feed reports, like the dashboards they may edit.
export const POST = apiKeyRoute("dashboards.edit", (request, context) => handleImport("ad_spend", request, context));
