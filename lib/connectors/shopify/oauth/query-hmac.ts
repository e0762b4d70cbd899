import crypto from "node:crypto";

// Shopify signs the OAuth callback's query: every parameter but `hmac` (and the legacy
// `signature`), sorted by name, URL-encoded and joined with "&", HMAC-SHA256 with the app
// secret, hex. `timestamp` must be recent, so a captured callback URL cannot be replayed later.

export const CALLBACK_MAX_AGE_SECONDS = 5 * 60;

export function callbackMessage(params: URLSearchParams): string {
  const entries = new Map<string, string>();
  for (const [key, value] of params) {
    if (key === "hmac" || key === "signature") continue;
    entries.set(key, entries.has(key) ? `${entries.get(key)},${value}` : value);
  }
  const sorted = new URLSearchParams();
  for (const key of [...entries.keys()].sort()) sorted.append(key, entries.get(key)!);
  return sorted.toString().replace(/\+/g, "%20");
}

export function computeCallbackHmac(params: URLSearchParams, secret: string): string {
  return crypto.createHmac("sha256", secret).update(callbackMessage(params)).digest("hex");
}

/** Constant-time check of the callback's `hmac` and freshness of its `timestamp`. */
export function verifyCallbackQuery(params: URLSearchParams, secret: string, nowMs = Date.now()): boolean {
  const presented = params.get("hmac");
  if (!presented || params.getAll("hmac").length !== 1) return false;
  const timestamp = Number(params.get("timestamp"));
  if (!Number.isInteger(timestamp) || Math.abs(nowMs / 1000 - timestamp) > CALLBACK_MAX_AGE_SECONDS) return false;
  const expected = Buffer.from(computeCallbackHmac(params, secret), "utf8");
  const actual = Buffer.from(presented.toLowerCase(), "utf8");
  if (actual.length !== expected.length) return false;
  return crypto.timingSafeEqual(actual, expected);
}
