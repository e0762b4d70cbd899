import crypto from "node:crypto";

// The OAuth `state` of every provider's flow: a random nonce sent to the platform, kept in a
// short-lived HttpOnly cookie signed with a key of its own per flow (so nothing signed here passes
// for a session or a platform's signature), together with who started the flow and for what.
// After the callback the cookie holds a "used" marker, so the same state presented again (a
// reload, the back button) is refused as a reuse.

export type Stamped = { nonce: string; /** Seconds since the epoch. */ expiresAt: number };

export type StateCheck<T> =
  | { ok: true; state: T & Stamped }
  | { ok: false; reason: "missing" | "invalid" | "expired" | "reused" };

const signingKey = (purpose: string, secret: string) => crypto.createHmac("sha256", secret).update(`signalboard/${purpose}/v1`).digest();
const mac = (purpose: string, secret: string, payload: string) => crypto.createHmac("sha256", signingKey(purpose, secret)).update(payload).digest("base64url");

export function equalStrings(a: string, b: string): boolean {
  const left = Buffer.from(a, "utf8");
  const right = Buffer.from(b, "utf8");
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}

/** A new state for `fields`, and the cookie value that carries it. */
export function signState<T extends object>(
  purpose: string,
  secret: string,
  fields: T,
  ttlSeconds: number,
  nowMs = Date.now(),
): { state: T & Stamped; cookieValue: string } {
  const state = { ...fields, nonce: crypto.randomBytes(24).toString("base64url"), expiresAt: Math.floor(nowMs / 1000) + ttlSeconds };
  const payload = Buffer.from(JSON.stringify(state), "utf8").toString("base64url");
  return { state, cookieValue: `${payload}.${mac(purpose, secret, payload)}` };
}

/** The state in a cookie value if its signature is ours (expiry is the caller's to check, with `isValid`'s fields). */
export function openState<T>(purpose: string, secret: string, cookieValue: string | null | undefined, isValid: (state: Partial<T & Stamped>) => boolean): (T & Stamped) | null {
  if (!cookieValue) return null;
  const parts = cookieValue.split(".");
  if (parts.length !== 2 || !equalStrings(parts[1]!, mac(purpose, secret, parts[0]!))) return null;
  try {
    const state = JSON.parse(Buffer.from(parts[0]!, "base64url").toString("utf8")) as Partial<T & Stamped>;
    if (typeof state.nonce !== "string" || typeof state.expiresAt !== "number" || !isValid(state)) return null;
    return state as T & Stamped;
  } catch {
    return null;
  }
}

/** What the state cookie holds once its flow has been completed. */
export const usedStateMarker = (nonce: string) => `used.${nonce}`;

/** Checks the `state` a platform sent back against the cookie: same nonce, ours, not expired, not used before. */
export function checkState<T>(
  purpose: string,
  secret: string,
  input: { cookieValue: string | null; presented: string | null; nowMs?: number },
  isValid: (state: Partial<T & Stamped>) => boolean,
): StateCheck<T> {
  if (!input.presented) return { ok: false, reason: "invalid" };
  if (!input.cookieValue) return { ok: false, reason: "missing" };
  if (equalStrings(input.cookieValue, usedStateMarker(input.presented))) return { ok: false, reason: "reused" };
  const state = openState<T>(purpose, secret, input.cookieValue, isValid);
  if (!state || !equalStrings(state.nonce, input.presented)) return { ok: false, reason: "invalid" };
  if (state.expiresAt * 1000 < (input.nowMs ?? Date.now())) return { ok: false, reason: "expired" };
  return { ok: true, state };
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
