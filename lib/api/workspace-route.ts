import type { NextRequest } from "next/server";
import { auth } from "@/lib/auth";
import { AppError } from "@/lib/errors";
import { workspaceForApiKey, workspaceForUser, workspaceOfApiKey, type WorkspaceContext } from "@/lib/tenancy/guard";
import type { Permission } from "@/lib/tenancy/roles";
import { errorResponse } from "./respond";

type Params = { params: Promise<{ slug: string } & Record<string, string>> };
type Handler = (request: NextRequest, context: WorkspaceContext, params: Record<string, string>) => Promise<Response>;

/** The Bearer key a request presents, null when it sends no Authorization header. */
function presentedKey(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (header === null) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) throw new AppError("unauthorized", "Send the API key as: Authorization: Bearer <key>.");
  return match[1]!;
}

/** Resolves the caller of a /api/v1/workspaces/{slug}/... request: a Bearer API key or a signed-in member. */
export async function resolveApiCaller(request: Request, slug: string, permission: Permission): Promise<WorkspaceContext> {
  const key = presentedKey(request);
  if (key !== null) return workspaceForApiKey(slug, key, permission);
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

/**
 * Routes addressed without a slug (/api/v1/reports/..., /api/v1/imports/...): the API key names
 * its workspace. A signed-in member may call them too, naming the workspace with ?workspace=<slug>.
 */
export function apiKeyRoute(permission: Permission, handler: Handler) {
  return async (request: NextRequest): Promise<Response> => {
    try {
      const key = presentedKey(request);
      let context: WorkspaceContext;
      if (key !== null) {
        context = await workspaceOfApiKey(key, permission);
      } else {
        const slug = request.nextUrl.searchParams.get("workspace");
        if (!slug) throw new AppError("unauthorized", "Authenticate with an API key: Authorization: Bearer <key>.");
        context = await resolveApiCaller(request, slug, permission);
      }
      return await handler(request, context, {});
    } catch (error) {
      return errorResponse(error);
    }
  };
}
