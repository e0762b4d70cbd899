import crypto from "node:crypto";
import { isAdProvider } from "@/lib/connectors/registry";
import { missingEnv, PROVIDERS, providersOfFlow, type OAuthFlow } from "@/lib/connectors/registry";
import { open, seal } from "@/lib/crypto/secrets";
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

/** The flows of ad and analytics platforms; Shopify's has its own install-style callback. */
export type AdOAuthFlow = Exclude<OAuthFlow, "shopify">;

/** The OAuth flow that connects a provider (Google Ads and GA4 share Google's). */
export function flowOf(provider: AdProvider): AdOAuthFlow {
  return PROVIDERS[provider].flow;
}

/** The ad and analytics providers a flow can connect. */
export const adProvidersOfFlow = (flow: AdOAuthFlow): AdProvider[] => providersOfFlow(flow).filter(isAdProvider);

const listWords = (items: readonly string[]) => (items.length < 2 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);

/** Null when the platform can be connected; else the sentence telling an operator what to set. */
export function notConfiguredReason(provider: AdProvider, label: string): string | null {
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

function stateKey(): Buffer {
  const secret = process.env.AUTH_SECRET;
  if (!secret) throw new Error("AUTH_SECRET is not set: OAuth states cannot be signed.");
  // Derived, so a value signed here can never pass for a session or any other signature.
  return crypto.createHmac("sha256", secret).update("signalboard/ad-oauth-state/v1").digest();
}

const mac = (payload: string) => crypto.createHmac("sha256", stateKey()).update(payload).digest("base64url");

function equalStrings(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

export function createOAuthState(input: Omit<OAuthState, "nonce" | "expiresAt">, nowMs = Date.now()): { state: OAuthState; cookieValue: string } {
  const state: OAuthState = { ...input, nonce: crypto.randomBytes(24).toString("base64url"), expiresAt: Math.floor(nowMs / 1000) + STATE_TTL_SECONDS };
  const payload = Buffer.from(JSON.stringify(state), "utf8").toString("base64url");
  return { state, cookieValue: `${payload}.${mac(payload)}` };
}

export type StateCheck =
  | { ok: true; state: OAuthState }
  | { ok: false; reason: "missing" | "invalid" | "expired" | "reused" };

function decodeState(cookieValue: string): OAuthState | null {
  const parts = cookieValue.split(".");
  if (parts.length !== 2 || !equalStrings(parts[1]!, mac(parts[0]!))) return null;
  try {
    const state = JSON.parse(Buffer.from(parts[0]!, "base64url").toString("utf8")) as OAuthState;
    const strings = [state.nonce, state.workspaceId, state.slug, state.userId];
    if (!strings.every((s) => typeof s === "string" && s.length > 0) || !isAdProvider(state.provider) || typeof state.expiresAt !== "number") return null;
    return { ...state, connectionId: typeof state.connectionId === "string" ? state.connectionId : null };
  } catch {
    return null;
  }
}

/** What the state cookie holds once its flow has been completed: a presented state equal to it is a reuse. */
export const usedStateMarker = (nonce: string) => `used.${nonce}`;

/** Checks the `state` the platform sent back against the signed cookie: same nonce, ours, not expired, not used before. */
export function checkOAuthState(input: { cookieValue: string | null; presented: string | null; nowMs?: number }): StateCheck {
  if (!input.presented) return { ok: false, reason: "invalid" };
  if (!input.cookieValue) return { ok: false, reason: "missing" };
  if (equalStrings(input.cookieValue, usedStateMarker(input.presented))) return { ok: false, reason: "reused" };
  const state = decodeState(input.cookieValue);
  if (!state || !equalStrings(state.nonce, input.presented)) return { ok: false, reason: "invalid" };
  if (state.expiresAt * 1000 < (input.nowMs ?? Date.now())) return { ok: false, reason: "expired" };
  return { ok: true, state };
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
