import crypto from "node:crypto";

// The OAuth state: a random nonce sent to Shopify in `state`, and kept in a short-lived, signed,
// HttpOnly cookie together with who started the flow (workspace slug, user) and for which shop.
// The callback accepts only a `state` equal to the nonce of a valid cookie for the same shop.

export const STATE_COOKIE = "sb_shopify_oauth";
export const STATE_COOKIE_PATH = "/api/connect/shopify";
export const STATE_TTL_SECONDS = 10 * 60;

export type OAuthState = { nonce: string; slug: string; shop: string; userId: string; expiresAt: number };

function signingKey(secret: string): Buffer {
  // A key of its own, so nothing signed here can be mistaken for a Shopify signature.
  return crypto.createHmac("sha256", secret).update("signalboard/shopify-oauth-state/v1").digest();
}

function sign(payload: string, secret: string): string {
  return crypto.createHmac("sha256", signingKey(secret)).update(payload).digest("base64url");
}

export function createOAuthState(input: { slug: string; shop: string; userId: string }, secret: string, nowMs = Date.now()): { state: OAuthState; cookieValue: string } {
  const state: OAuthState = { ...input, nonce: crypto.randomBytes(24).toString("base64url"), expiresAt: Math.floor(nowMs / 1000) + STATE_TTL_SECONDS };
  const payload = Buffer.from(JSON.stringify(state), "utf8").toString("base64url");
  return { state, cookieValue: `${payload}.${sign(payload, secret)}` };
}

/** The state in a cookie value, if its signature is ours and it has not expired; else null. */
export function readOAuthState(cookieValue: string | null | undefined, secret: string, nowMs = Date.now()): OAuthState | null {
  if (!cookieValue) return null;
  const [payload, signature, extra] = cookieValue.split(".");
  if (!payload || !signature || extra !== undefined) return null;
  const expected = Buffer.from(sign(payload, secret), "utf8");
  const actual = Buffer.from(signature, "utf8");
  if (actual.length !== expected.length || !crypto.timingSafeEqual(actual, expected)) return null;
  try {
    const state = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Partial<OAuthState>;
    if (typeof state.nonce !== "string" || typeof state.slug !== "string" || typeof state.shop !== "string" || typeof state.userId !== "string") return null;
    if (typeof state.expiresAt !== "number" || state.expiresAt < nowMs / 1000) return null;
    return state as OAuthState;
  } catch {
    return null;
  }
}

/** Constant-time comparison of the `state` query parameter with the cookie's nonce. */
export function stateMatches(state: OAuthState, presented: string | null): boolean {
  if (!presented) return false;
  const a = Buffer.from(presented, "utf8");
  const b = Buffer.from(state.nonce, "utf8");
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** Reads one cookie from a request's Cookie header. */
export function cookieFrom(request: Request, name: string): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const index = part.indexOf("=");
    if (index === -1) continue;
    if (part.slice(0, index).trim() === name) {
      const value = part.slice(index + 1).trim();
      try {
        return decodeURIComponent(value);
      } catch {
        return value;
      }
    }
  }
  return null;
}
