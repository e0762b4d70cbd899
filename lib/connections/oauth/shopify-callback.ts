import { auditConnected } from "../audit";
import { NextResponse } from "next/server";
import { assertMayConnect, assertWorkspaceEditable, connectWithinLimit } from "@/lib/billing/limits";
import { sealJson } from "@/lib/crypto/secrets";
import { AppError } from "@/lib/errors";
import { startInitialSync } from "@/lib/sync/schedule";
import { workspaceForUser } from "@/lib/tenancy/guard";
import { publicBaseUrl } from "./base-url";
import { shopifyAppConfig } from "@/lib/connectors/shopify/oauth/config";
import { verifyCallbackQuery } from "@/lib/connectors/shopify/oauth/query-hmac";
import { parseShopDomain } from "@/lib/connectors/shopify/oauth/shop";
import { cookieFrom } from "./state";
import { readOAuthState, stateMatches, STATE_COOKIE, STATE_COOKIE_PATH } from "@/lib/connectors/shopify/oauth/state";
import { ShopifyApiError, ShopifyAuthError } from "@/lib/connectors/shopify/errors";
import { exchangeCodeForToken, splitScopes, type ShopifyOAuthCredentials, type TokenHttpOptions } from "@/lib/connectors/shopify/oauth/tokens";
import { logger } from "@/lib/log";

const log = logger("shopify-oauth");

// GET /api/connect/shopify/callback: Shopify sends the merchant back here with a code. Nothing is
// stored unless the query's HMAC, the state cookie, the shop and the user's role all check out.

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(status: number, title: string, message: string): NextResponse {
  const html =
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(title)} · Signalboard</title></head>` +
    `<body style="font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5">` +
    `<h1 style="font-size:1.25rem">${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/">Back to Signalboard</a></p></body></html>`;
  const response = new NextResponse(html, { status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
  clearStateCookie(response);
  return response;
}

function clearStateCookie(response: NextResponse): void {
  // The state is single-use, whatever the outcome.
  response.cookies.set(STATE_COOKIE, "", { httpOnly: true, sameSite: "lax", path: STATE_COOKIE_PATH, maxAge: 0 });
}

const unverified = () => page(400, "Connection not verified", "This connection attempt could not be verified. Start again from your workspace's Connections page.");

/** What a shop's connection becomes when Shopify hands over a new token: active, its old trouble cleared. */
export function reconnectedShopify(credentials: ShopifyOAuthCredentials) {
  return {
    status: "active" as const,
    credentials: sealJson(credentials),
    scopes: splitScopes(credentials.scope),
    disconnectedAt: null,
    lastError: null,
    lastErrorAt: null,
    alertedAt: null,
  };
}

export async function completeShopifyConnect(request: Request, options: TokenHttpOptions = {}): Promise<Response> {
  const config = shopifyAppConfig();
  if (!config) return page(503, "Shopify is not configured", "Shopify is not configured on this server.");

  const params = new URL(request.url).searchParams;
  const shop = parseShopDomain(params.get("shop"));
  const now = (options.now ?? Date.now)();
  if (!shop || params.get("shop") !== shop || !verifyCallbackQuery(params, config.apiSecret, now)) return unverified();
  const state = readOAuthState(cookieFrom(request, STATE_COOKIE), config.apiSecret, now);
  if (!state || !stateMatches(state, params.get("state")) || state.shop !== shop) return unverified();
  const code = params.get("code");
  if (!code) return unverified();

  // The user who started the flow must still be allowed to manage this workspace's connections.
  let workspaceId: string;
  try {
    workspaceId = (await workspaceForUser(state.slug, state.userId, "connections.manage")).workspace.id;
  } catch (error) {
    if (error instanceof AppError) return page(error.status, "Not allowed", "You can no longer manage connections in this workspace.");
    throw error;
  }
  // Before the code is spent: a store the plan has no room for, or a workspace that became
  // read-only since the flow began, gets no connection at all.
  try {
    await assertWorkspaceEditable(workspaceId);
    await assertMayConnect(workspaceId, "shopify", shop);
  } catch (error) {
    if (error instanceof AppError) return page(error.status, "Not allowed by the plan", error.message);
    throw error;
  }

  let credentials;
  try {
    credentials = await exchangeCodeForToken(shop, code, { ...options, config });
  } catch (error) {
    if (error instanceof ShopifyApiError || error instanceof ShopifyAuthError) {
      log.warn("token exchange failed", { shop, kind: error.kind, message: error.message });
      return page(502, "Shopify did not finish the connection", "Shopify did not complete the connection. Please try again in a moment.");
    }
    throw error;
  }

  // Checked again with the write: another connect may have taken the last place meanwhile.
  let connection: { id: string };
  try {
    connection = await connectWithinLimit(workspaceId, "shopify", shop, async (tx) => {
      const saved = await tx.connection.upsert({
      where: { workspaceId_provider_externalAccountId: { workspaceId, provider: "shopify", externalAccountId: shop } },
      create: {
        workspaceId,
        provider: "shopify",
        externalAccountId: shop,
        displayName: shop,
        status: "active",
        credentials: sealJson(credentials),
        scopes: splitScopes(credentials.scope),
      },
      update: reconnectedShopify(credentials),
      select: { id: true },
      });
      await auditConnected(tx, workspaceId, saved.id, "shopify", shop);
      return saved;
    });
  } catch (error) {
    if (error instanceof AppError) return page(error.status, "Not allowed by the plan", error.message);
    throw error;
  }
  log.info("connected", { shop, workspaceId, connectionId: connection.id });
  await startInitialSync({ workspaceId, connectionId: connection.id });

  const response = NextResponse.redirect(`${publicBaseUrl(request)}/w/${encodeURIComponent(state.slug)}/connections`, 303);
  response.headers.set("Cache-Control", "no-store");
  clearStateCookie(response);
  return response;
}
