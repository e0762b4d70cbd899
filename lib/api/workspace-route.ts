import type { NextRequest } from "next/server";
import { auth } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { workspaceForApiKey, workspaceForUser, type WorkspaceContext } from "@/lib/tenancy/guard";
import type { Permission } from "@/lib/tenancy/roles";
import { errorResponse } from "./respond";

type Params = { params: Promise<{ slug: string } & Record<string, string>> };
type Handler = (request: NextRequest, context: WorkspaceContext, params: Record<string, string>) => Promise<Response>;

/** Resolves the caller of a /api/v1/workspaces/{slug}/... request: a Bearer API key or a signed-in member. */
export async function resolveApiCaller(request: Request, slug: string, permission: Permission): Promise<WorkspaceContext> {
  const header = request.headers.get("authorization");
  if (header !== null) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new AppError("unauthorized", "Send the API key as: Authorization: Bearer <key>.");
    return workspaceForApiKey(slug, match[1]!, permission);
  }
  const session = await auth();
  if (!session?.user?.id) throw new AppError("unauthorized", "Authenticate with an API key: Authorization: Bearer <key>.");
  return workspaceForUser(slug, session.user.id, permission);
}

export function workspaceRoute(permission: Permission, handler: Handler) {
  return async (request: NextRequest, { params }: Params): Promise<Response> => {
    try {
      const all = await params;
      const context = await resolveApiCaller(request, all.slug, permission);
      return await handler(request, context, all);
    } catch (error) {
      return errorResponse(error);
    }
  };
}
