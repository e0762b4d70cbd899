import { equalStrings, openState, signState } from "@/lib/connections/oauth/state";

// Shopify's OAuth state: the shared signed state (lib/connections/oauth/state.ts), keyed by the
// app's secret, naming who started the flow (workspace slug, user) and for which shop. The callback
// accepts only a `state` equal to the nonce of a valid cookie for the same shop.

export const STATE_COOKIE = "sb_shopify_oauth";
export const STATE_COOKIE_PATH = "/api/connect/shopify";
export const STATE_TTL_SECONDS = 10 * 60;

export type OAuthState = { nonce: string; slug: string; shop: string; userId: string; expiresAt: number };

const PURPOSE = "shopify-oauth-state";

export function createOAuthState(input: { slug: string; shop: string; userId: string }, secret: string, nowMs = Date.now()): { state: OAuthState; cookieValue: string } {
  return signState(PURPOSE, secret, input, STATE_TTL_SECONDS, nowMs);
}

/** The state in a cookie value, if its signature is ours and it has not expired; else null. */
export function readOAuthState(cookieValue: string | null | undefined, secret: string, nowMs = Date.now()): OAuthState | null {
  return openState<OAuthState>(PURPOSE, secret, cookieValue, (state) =>
    typeof state.slug === "string" && typeof state.shop === "string" && typeof state.userId === "string" && state.expiresAt! >= nowMs / 1000,
  );
}

/** Constant-time comparison of the `state` query parameter with the cookie's nonce. */
export function stateMatches(state: OAuthState, presented: string | null): boolean {
  return presented !== null && equalStrings(presented, state.nonce);
}
