import type { NextRequest } from "next/server";
import { auth } from "@/lib/auth";
import { expiresSoon, KEY_EXPIRES_HEADER } from "@/lib/api-keys/expiry";
import { admitApiRequest } from "@/lib/billing/limits";
import { AppError } from "@/lib/errors";
import { refuseSupportWrite } from "@/lib/operators/support-access";
import { workspaceForApiKey, workspaceForUser, workspaceOfApiKey, type WorkspaceContext } from "@/lib/tenancy/guard";
import { isEditPermission, type Permission } from "@/lib/tenancy/roles";
import { clientIp } from "@/lib/auth/rate-limit";
import { newRequestId, withContext } from "@/lib/log/context";
import { countedRequest } from "@/lib/observability/availability";
import { traceRequest } from "@/lib/observability/spans";
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

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The origins this app answers on: its configured public URL, and the one the request reached. */
function ownOrigins(request: Request): Set<string> {
  const origins = new Set([new URL(request.url).origin]);
  for (const configured of [process.env.APP_URL, process.env.AUTH_URL]) {
    if (URL.canParse(configured ?? "")) origins.add(new URL(configured!).origin);
  }
  const host = request.headers.get("host");
  if (host) origins.add(`${new URL(request.url).protocol}//${host}`);
  return origins;
}

/**
 * A browser sends the session cookie with any site's request, so a write authenticated by the
 * cookie alone must come from this app's own pages (API keys are never sent by a browser on its own).
 */
export function assertSameOriginWrite(request: Request): void {
  if (READS.has(request.method.toUpperCase())) return;
  const origin = request.headers.get("origin");
  const crossSite = request.headers.get("sec-fetch-site") === "cross-site";
  if (crossSite || (origin !== null && !ownOrigins(request).has(origin))) {
    throw new AppError("forbidden", "This request came from another site. Use the app, or authenticate with an API key.");
  }
}

/** Resolves the caller of a /api/v1/workspaces/{slug}/... request: a Bearer API key or a signed-in member. */
export async function resolveApiCaller(request: Request, slug: string, permission: Permission): Promise<WorkspaceContext> {
  const key = presentedKey(request);
  if (key !== null) return workspaceForApiKey(slug, key, permission);
  const session = await auth();
  if (!session?.user?.id) throw new AppError("unauthorized", "Authenticate with an API key: Authorization: Bearer <key>.");
  assertSameOriginWrite(request);
  const context = await workspaceForUser(slug, session.user.id, permission);
  if (context.support && !READS.has(request.method.toUpperCase())) refuseSupportWrite();
  return context;
}

/** Adds the expiry warning to an answer given to an API key that is about to stop working. */
export function withKeyExpiryWarning(response: Response, context: WorkspaceContext, now = new Date()): Response {
  const { actor } = context;
  if (actor.kind !== "apiKey" || !expiresSoon(actor.expiresAt, now)) return response;
  // Some answers (redirects) come with immutable headers; a copy takes the header either way.
  const copy = new Response(response.body, response);
  copy.headers.set(KEY_EXPIRES_HEADER, actor.expiresAt!.toISOString());
  return copy;
}

/**
 * Runs a handler for a resolved caller, once its plan admits the request (an edit to a read-only
 * workspace, or an API key's request past the month's quota, is refused); its errors are answered
 * with the same warning.
 */
async function answer(request: Request, permission: Permission, context: WorkspaceContext, run: () => Promise<Response>): Promise<Response> {
  let response: Response;
  try {
    const edit = !READS.has(request.method.toUpperCase()) && isEditPermission(permission);
    await admitApiRequest(context.workspace.id, { edit, apiKey: context.actor.kind === "apiKey" });
    response = await run();
  } catch (error) {
    response = errorResponse(error);
  }
  return withKeyExpiryWarning(response, context);
}

/**
 * A request's own context: its id (the caller's X-Request-Id when sane) and address, for logs and
 * the audit trail. Its outcome counts toward the API's availability objective.
 */
export function inRequestContext<T>(request: Request, work: () => Promise<T>): Promise<T> {
  const given = request.headers.get("x-request-id");
  const requestId = given && /^[A-Za-z0-9._-]{1,64}$/.test(given) ? given : newRequestId();
  return countedRequest("api", () => withContext({ requestId, ip: clientIp(request.headers) }, () => traceRequest(request, work)));
}

export function workspaceRoute(permission: Permission, handler: Handler) {
  return (request: NextRequest, { params }: Params): Promise<Response> => inRequestContext(request, async () => {
    try {
      const all = await params;
      // Ids and slugs never hold a NUL character, and Postgres refuses to compare one: nothing is there.
      if (Object.values(all).some((value) => value.includes("\u0000"))) throw new AppError("not_found", "Not found.");
      const context = await resolveApiCaller(request, all.slug, permission);
      return await answer(request, permission, context, () => handler(request, context, all));
    } catch (error) {
      return errorResponse(error);
    }
  });
}

/**
 * Routes addressed without a slug (/api/v1/reports/..., /api/v1/imports/...): the API key names
 * its workspace. A signed-in member may call them too, naming the workspace with ?workspace=<slug>.
 */
export function apiKeyRoute(permission: Permission, handler: Handler) {
  return (request: NextRequest): Promise<Response> => inRequestContext(request, async () => {
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
      return await answer(request, permission, context, () => handler(request, context, {}));
    } catch (error) {
      return errorResponse(error);
    }
  });
}

/** Who calls a route that belongs to no one workspace: an API key (in its workspace) or a signed-in user. */
export type Caller = { kind: "apiKey"; context: WorkspaceContext } | { kind: "user"; userId: string };

/**
 * Routes about the caller rather than a workspace (/api/v1/me, /api/v1/workspaces): any valid API
 * key, whatever its role, or a session.
 */
export function callerRoute(permission: Permission, handler: (request: NextRequest, caller: Caller) => Promise<Response>) {
  return (request: NextRequest): Promise<Response> => inRequestContext(request, async () => {
    try {
      const key = presentedKey(request);
      if (key !== null) {
        const context = await workspaceOfApiKey(key, permission);
        return await answer(request, permission, context, () => handler(request, { kind: "apiKey", context }));
      }
      const session = await auth();
      if (!session?.user?.id) throw new AppError("unauthorized", "Authenticate with an API key: Authorization: Bearer <key>.");
      assertSameOriginWrite(request);
      return await handler(request, { kind: "user", userId: session.user.id });
    } catch (error) {
      return errorResponse(error);
    }
  });
}
