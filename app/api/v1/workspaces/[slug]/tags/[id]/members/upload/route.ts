import { workspaceRoute } from "@/lib/api/workspace-route";
import { membersUpload } from "@/lib/tags/http";

export const POST = workspaceRoute("dashboards.edit", (request, { workspace }, { id }) => membersUpload(request, workspace.id, id));
