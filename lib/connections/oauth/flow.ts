import { isAdProvider } from "@/lib/connectors/registry";
import { missingEnv, PROVIDER_KEYS, PROVIDERS, providersOfFlow, type OAuthFlow, type ProviderKey } from "@/lib/connectors/registry";
import { open, seal } from "@/lib/crypto/secrets";
import { checkState, signState, type StateCheck as SignedStateCheck } from "./state";
import type { AdProvider, OAuthTokens, ProviderAccount } from "@/lib/connectors/contracts/ad-source";

// The OAuth round trip for ad and analytics accounts (Google, Meta, TikTok). The browser carries
// two short-lived HttpOnly cookies:
// - the state: a random nonce (sent to the platform as `state`) with who started the flow, for
//   which workspace and, on a reconnect, which connection; signed, 10 minutes;
// - after the platform's callback, the pending selection: the fresh tokens, sealed with the
//   credentials key ring (never readable by the browser), until an account is picked.
// The callback replaces the state cookie with a "used" marker whatever the outcome, so the same
// state presented again (a reload, the back button) is refused as a reuse; the platforms' codes
// are single-use as well.

/** The flows of ad and analytics platforms; Shopify's, WooCommerce's and AmoCRM's have callbacks of their own. */
export type AdOAuthFlow = Exclude<OAuthFlow, "shopify" | "woocommerce" | "amocrm">;

/** Flows the connect buttons post to: every one but the stores', which start from a store address. */
export type ButtonOAuthFlow = Exclude<OAuthFlow, "shopify" | "woocommerce">;

/** CRMs connected by signing in to them (AmoCRM), with the flow their button posts to. */
export const crmsWithSignIn = (): { provider: ProviderKey; flow: ButtonOAuthFlow }[] =>
  PROVIDER_KEYS.flatMap((provider) => {
    const flow: OAuthFlow | null = PROVIDERS[provider].flow;
    return PROVIDERS[provider].kind === "crm" && flow && flow !== "shopify" && flow !== "woocommerce" ? [{ provider, flow }] : [];
  });

/** The OAuth flow that connects a provider (Google Ads and GA4 share Google's). */
export function flowOf(provider: AdProvider): AdOAuthFlow {
  return PROVIDERS[provider].flow;
}

/** The ad and analytics providers a flow can connect. */
export const adProvidersOfFlow = (flow: AdOAuthFlow): AdProvider[] => providersOfFlow(flow).filter(isAdProvider);

const listWords = (items: readonly string[]) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);

/** Null when the platform can be connected; else the sentence telling an operator what to set. */
export function notConfiguredReason(provider: ProviderKey, label: string): string | null {
  const missing = missingEnv(provider);
  if (missing.length === 0) return null;
  return `${label} is not set up on this server yet: an operator must set ${listWords(missing)}.`;
}

export const callbackPath = (flow: AdOAuthFlow) => `/api/connect/${flow}/callback`;

export const STATE_TTL_SECONDS = 10 * 60;
export const PENDING_TTL_SECONDS = 15 * 60;
export const stateCookieName = (flow: AdOAuthFlow) => `sb_oauth_${flow}`;
export const stateCookiePath = (flow: AdOAuthFlow) => `/api/connect/${flow}`;
export const PENDING_COOKIE = "sb_oauth_pending";
export const pendingCookiePath = (slug: string) => `/w/${slug}/connections`;

export type OAuthState = {
  nonce: string;
  provider: AdProvider;
  workspaceId: string;
  slug: string;
  userId: string;
  /** Set when reconnecting: the connection whose tokens the callback replaces. */
  connectionId: string | null;
  /** Started inside the Shopify admin: the flow runs in a popup without a session (oauth/popup.ts). */
  embedded?: boolean;
  /** Seconds since the epoch. */
  expiresAt: number;
};

export type PendingSelection = {
  nonce: string;
  provider: AdProvider;
  workspaceId: string;
  userId: string;
  tokens: OAuthTokens;
  expiresAt: number;
};

function authSecret(): string {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set: OAuth states cannot be signed.");
  return secret;
}

const PURPOSE = "ad-oauth-state";

export function createOAuthState(input: Omit<OAuthState, "nonce" | "expiresAt">, nowMs = Date.now()): { state: OAuthState; cookieValue: string } {
  return signState(PURPOSE, authSecret(), input, STATE_TTL_SECONDS, nowMs);
}

export type StateCheck = SignedStateCheck<Omit<OAuthState, "nonce" | "expiresAt">>;

const validAdState = (state: Partial<OAuthState>) =>
  [state.workspaceId, state.slug, state.userId].every((s) => typeof s === "string" && s.length > 0) &&
  typeof state.provider === "string" && isAdProvider(state.provider);

/** Checks the `state` the platform sent back against the signed cookie: same nonce, ours, not expired, not used before. */
export function checkOAuthState(input: { cookieValue: string | null; presented: string | null; nowMs?: number }): StateCheck {
  const check = checkState<Omit<OAuthState, "nonce" | "expiresAt">>(PURPOSE, authSecret(), input, validAdState);
  return check.ok
    ? { ok: true, state: { ...check.state, connectionId: typeof check.state.connectionId === "string" ? check.state.connectionId : null, embedded: check.state.embedded === true } }
    : check;
}

export function sealPending(state: OAuthState, tokens: OAuthTokens, nowMs = Date.now()): string {
  const pending: PendingSelection = {
    nonce: state.nonce,
    provider: state.provider,
    workspaceId: state.workspaceId,
    userId: state.userId,
    tokens,
    expiresAt: Math.floor(nowMs / 1000) + PENDING_TTL_SECONDS,
  };
  return seal(JSON.stringify(pending));
}

/** The pending selection in a cookie, if it opens under our keys and has not expired (ignoring expiry with `allowExpired`). */
export function openPending(cookieValue: string | null | undefined, nowMs = Date.now(), allowExpired = false): PendingSelection | null {
  if (!cookieValue) return null;
  try {
    const pending = JSON.parse(open(cookieValue)) as PendingSelection;
    if (typeof pending.provider !== "string" || !isAdProvider(pending.provider) || typeof pending.tokens?.accessToken !== "string") return null;
    if (!allowExpired && pending.expiresAt * 1000 < nowMs) return null;
    return pending;
  } catch {
    return null;
  }
}

/** The picker's form value for an account: the same Google Ads client may sit under several managers. */
export const accountChoice = (account: Pick<ProviderAccount, "id" | "loginCustomerId">) => `${account.id}|${account.loginCustomerId ?? ""}`;
