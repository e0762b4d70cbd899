import { z } from "zod";

// Allowed origins of a write key: the browser origins whose pages may send events with it.
// Stored normalised (lower case, no path, no trailing slash, no default port), so the check
// on every request is a string comparison. The entry "null" admits sandboxed pages (README.md,
// "Write keys").

const WILDCARD = "*.";

/**
 * What a browser sends as the Origin of a page or worker with an opaque origin: a sandboxed
 * frame without same-origin rights, such as the Shopify web pixel's sandbox. Any site can make
 * such a frame, so it is allowed only where a key lists it explicitly.
 */
export const OPAQUE_ORIGIN = "null";

/** "https://Shop.Example.com/" -> "https://shop.example.com"; null when it is no http(s) origin. */
export function normaliseOrigin(value: string): string | null {
  const trimmed = value.trim();
  if (trimmed.toLowerCase() === OPAQUE_ORIGIN) return OPAQUE_ORIGIN;
  const wildcard = /^(https?):\/\/\*\.(.+)$/i.exec(trimmed);
  const candidate = wildcard ? `${wildcard[1]}://wildcard.${wildcard[2]}` : trimmed;
  if (!URL.canParse(candidate)) return null;
  const url = new URL(candidate);
  if (url.protocol !== "https:" && url.protocol !== "http:") return null;
  if (url.username || url.password || url.search || url.hash || (url.pathname !== "/" && url.pathname !== "")) return null;
  if (!wildcard) return url.origin;
  const suffix = url.host.slice("wildcard.".length);
  // "*.com" would let every site in: a wildcard needs a registrable-looking domain under it.
  if (!suffix.includes(".")) return null;
  return `${url.protocol}//${WILDCARD}${suffix}`;
}

/**
 * Whether a page at `origin` may use a key allowing `allowed`: an exact origin, or a wildcard
 * ("https://*.example.com") matching any subdomain at any depth, never the bare domain.
 */
export function originAllowed(allowed: readonly string[], origin: string): boolean {
  // Browsers send it in exactly this spelling; "NULL" comes from no browser.
  if (origin === OPAQUE_ORIGIN) return allowed.includes(OPAQUE_ORIGIN);
  const presented = normaliseOrigin(origin);
  if (!presented || presented === OPAQUE_ORIGIN || presented.includes("*")) return false;
  for (const entry of allowed) {
    if (entry === presented) return true;
    const star = entry.indexOf(WILDCARD);
    if (star < 0) continue;
    const scheme = entry.slice(0, star);
    const suffix = entry.slice(star + 1);
    if (presented.startsWith(scheme) && presented.endsWith(suffix) && presented.length > scheme.length + suffix.length) return true;
  }
  return false;
}

export const MAX_ALLOWED_ORIGINS = 20;

export const ZAllowedOriginsSchema = z
  .array(
    z
      .string({ error: "Each origin is a string like https://shop.example.com." })
      .max(253, "An origin has at most 253 characters.")
      .transform((value, ctx) => {
        const origin = normaliseOrigin(value);
        if (origin) return origin;
        ctx.addIssue({ code: "custom", message: "Use an origin like https://shop.example.com or https://*.example.com (no path), or null for sandboxed pages." });
        return z.NEVER;
      }),
    { error: "Give the allowed origins as a list." },
  )
  .max(MAX_ALLOWED_ORIGINS, `At most ${MAX_ALLOWED_ORIGINS} origins.`)
  .transform((origins) => [...new Set(origins)]);
