import { NextResponse, type NextRequest } from "next/server";
import { errorResponse } from "@/lib/api/respond";
import { SHOPIFY_NOT_CONFIGURED, shopifyAppConfig, type ShopifyAppConfig } from "@/lib/connectors/shopify/oauth/config";
import { db } from "@/lib/db/client";
import type { Role } from "@/lib/tenancy/roles";
import { ConnectorError } from "@/lib/connectors/common/errors";
import { embeddedAuthResponse, EmbeddedAuthError, RELOAD_HINT } from "./errors";
import { bearerToken, verifySessionToken, type SessionClaims } from "./session-token";
import { staffAccountId, STAFF_PROVIDER } from "./staff";
import { logger } from "@/lib/log";

const log = logger("embedded");

// The one guard of /api/embedded/**: the session token is verified before anything is read, then
// the shop's installation and the staff member's membership are looked up, and nothing is written.
// A shop that is not installed (or has uninstalled), or a staff member not yet joined, is told to
// reload: the app's first load (POST /api/embedded/session) installs and joins.

export type EmbeddedContext = {
  shop: string;
  /** The Shopify staff member (the token's sub). */
  staffId: string;
  /** The verified session token, for a token exchange only; never logged or sent back. */
  sessionToken: string;
  connectionId: string;
  userId: string;
  role: Role;
  workspace: { id: string; slug: string; name: string; timeZone: string; currency: string };
};

type Params = { params: Promise<Record<string, string>> };
type Handler = (request: NextRequest, context: EmbeddedContext, params: Record<string, string>) => Promise<Response>;

/** The verified claims of the request's session token (EmbeddedAuthError otherwise). */
export function sessionClaims(request: Request, config: ShopifyAppConfig): Promise<SessionClaims> {
  return verifySessionToken(bearerToken(request), config);
}

/** Without the app's credentials no session token can be checked: a deliberate 503. */
export const notConfigured = () =>
  NextResponse.json({ error: { code: "not_configured", message: SHOPIFY_NOT_CONFIGURED } }, { status: 503, headers: { "Cache-Control": "no-store" } });

export async function embeddedContext(claims: SessionClaims): Promise<EmbeddedContext> {
  const installation = await db.embeddedShop.findUnique({ where: { shop: claims.shop } });
  if (!installation || installation.uninstalledAt) throw new EmbeddedAuthError("Signalboard is not installed on this shop.");
  const account = await db.oAuthAccount.findUnique({
    where: { provider_providerAccountId: { provider: STAFF_PROVIDER, providerAccountId: staffAccountId(claims.shop, claims.userId) } },
    select: { userId: true },
  });
  const membership = account
    ? await db.membership.findUnique({
        where: { workspaceId_userId: { workspaceId: installation.workspaceId, userId: account.userId } },
        select: { role: true, workspace: { select: { id: true, slug: true, name: true, timeZone: true, currency: true } } },
      })
    : null;
  if (!account || !membership) throw new EmbeddedAuthError("You have not joined this shop's workspace yet.");
  return { shop: claims.shop, staffId: claims.userId, sessionToken: claims.token, connectionId: installation.connectionId, userId: account.userId, role: membership.role, workspace: membership.workspace };
}

/** Answers an embedded request's failure: 401 with the reload hint, or the usual JSON error. */
export function embeddedErrorResponse(error: unknown): Response {
  if (error instanceof EmbeddedAuthError) return embeddedAuthResponse(error);
  if (error instanceof ConnectorError) {
    // Shopify did not answer the install's calls: nothing was written, and a reload tries again.
    log.warn("Shopify call failed", { kind: error.kind, message: error.message });
    return NextResponse.json({ error: { code: "upstream", message: `Shopify did not answer in time. ${RELOAD_HINT}`, reload: true } }, { status: 502, headers: { "Cache-Control": "no-store" } });
  }
  return errorResponse(error);
}

export function embeddedRoute(handler: Handler) {
  return async (request: NextRequest, { params }: Params): Promise<Response> => {
    const config = shopifyAppConfig();
    if (!config) return notConfigured();
    try {
      const context = await embeddedContext(await sessionClaims(request, config));
      return await handler(request, context, await params);
    } catch (error) {
      return embeddedErrorResponse(error);
    }
  };
}
