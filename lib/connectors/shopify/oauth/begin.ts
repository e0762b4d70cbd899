import type { WorkspaceContext } from "@/lib/tenancy/guard";
import { SHOPIFY_SCOPES, type ShopifyAppConfig } from "./config";
import { createOAuthState, STATE_COOKIE, STATE_COOKIE_PATH, STATE_TTL_SECONDS } from "./state";

export const CALLBACK_PATH = "/api/connect/shopify/callback";

/** Shopify's authorization-code grant, offline access (an empty grant_options[]). */
export function buildAuthorizeUrl(input: { shop: string; apiKey: string; redirectUri: string; state: string }): string {
  const query = new URLSearchParams({
    client_id: input.apiKey,
    scope: SHOPIFY_SCOPES.join(","),
    redirect_uri: input.redirectUri,
    state: input.state,
    "grant_options[]": "",
  });
  return `https://${input.shop}/admin/oauth/authorize?${query.toString()}`;
}

export type StateCookie = {
  name: string;
  value: string;
  options: { httpOnly: true; secure: boolean; sameSite: "lax"; path: string; maxAge: number };
};

/**
 * Starts connecting `shop` to the guarded workspace: the URL to send the browser to, and the
 * signed state cookie to set. `shop` must already be normalised (normalizeShopDomain).
 */
export function beginShopifyConnect(
  context: WorkspaceContext,
  shop: string,
  options: { baseUrl: string; config: ShopifyAppConfig; userId: string },
): { authorizeUrl: string; cookie: StateCookie } {
  const { state, cookieValue } = createOAuthState({ slug: context.workspace.slug, shop, userId: options.userId }, options.config.apiSecret);
  return {
    authorizeUrl: buildAuthorizeUrl({ shop, apiKey: options.config.apiKey, redirectUri: `${options.baseUrl}${CALLBACK_PATH}`, state: state.nonce }),
    cookie: {
      name: STATE_COOKIE,
      value: cookieValue,
      options: { httpOnly: true, secure: options.baseUrl.startsWith("https:"), sameSite: "lax", path: STATE_COOKIE_PATH, maxAge: STATE_TTL_SECONDS },
    },
  };
}
