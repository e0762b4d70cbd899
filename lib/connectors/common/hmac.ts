import crypto from "node:crypto";

// Webhook signatures of the form base64(HMAC-SHA256(raw body, secret)), which Shopify and
// WooCommerce both send, checked in constant time.

export function base64Hmac(rawBody: Uint8Array | string, secret: string): string {
  return crypto.createHmac("sha256", secret).update(rawBody).digest("base64");
}

/** False for a missing or malformed signature; never throws on a wrong length. */
export function verifyBase64Hmac(rawBody: Uint8Array | string, header: string | null | undefined, secret: string): boolean {
  if (!header) return false;
  // Compared as base64 text: decoding would tolerate stray characters around a valid digest.
  const expected = Buffer.from(base64Hmac(rawBody, secret), "utf8");
  const presented = Buffer.from(header.trim(), "utf8");
  // timingSafeEqual throws on different lengths; a wrong length is simply a bad signature.
  if (presented.length !== expected.length) return false;
  return crypto.timingSafeEqual(presented, expected);
}
