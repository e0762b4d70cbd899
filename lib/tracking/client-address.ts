import crypto from "node:crypto";
import { isIP } from "node:net";
import { clientIp, UNKNOWN_IP } from "@/lib/auth/rate-limit";

// The client address of an event, made safe to keep: never stored whole. ip_hash is an HMAC of
// the address under a salt that changes every UTC day (derived from HASH_SECRET and the date,
// so every server agrees without sharing state, and nothing links one day's hashes to the
// next's); ip_prefix is the /24 (IPv4) or /48 (IPv6) network, coarse enough to name no one.
// Country comes from the header the CDN in front of the app sets (TRACKING_COUNTRY_HEADER, or
// the first of cf-ipcountry, x-vercel-ip-country, cloudfront-viewer-country); without a CDN a
// client could set those headers itself, which only mislabels its own events.

export const COUNTRY_HEADERS = ["cf-ipcountry", "x-vercel-ip-country", "cloudfront-viewer-country"] as const;

const salts = new Map<string, Buffer>();

function daySalt(day: string): Buffer {
  let salt = salts.get(day);
  if (!salt) {
    const secret = process.env.HASH_SECRET;
    if (!secret) throw new Error("HASH_SECRET is not set.");
    salt = crypto.createHmac("sha256", secret).update(`tracking-ip-salt:${day}`).digest();
    // Only today's and yesterday's are ever needed again.
    if (salts.size > 4) salts.clear();
    salts.set(day, salt);
  }
  return salt;
}

/** HMAC-SHA-256 of the address under the salt of `at`'s UTC day, hex (32 characters). */
export function hashAddress(address: string, at: Date): string {
  return crypto.createHmac("sha256", daySalt(at.toISOString().slice(0, 10))).update(address).digest("hex").slice(0, 32);
}

/** "203.0.113.7" -> "203.0.113.0/24"; "2001:db8:1:2::5" -> "2001:db8:1::/48"; null for anything else. */
export function truncateAddress(address: string): string | null {
  const family = isIP(address);
  if (family === 4) return `${address.split(".").slice(0, 3).join(".")}.0/24`;
  if (family !== 6) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return truncateAddress(mapped[1]!);
  const [head, tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = address.includes("::") ? [...left, ...Array(8 - left.length - right.length).fill("0"), ...right] : left;
  return `${groups.slice(0, 3).map((g) => g.replace(/^0+(?=.)/, "")).join(":")}::/48`;
}

/** What is read of a request's headers: a Web Headers object, or the event API front's view of a node request. */
export type HeaderReader = Pick<Headers, "get">;

export type ClientFacts = { ipHash: string | null; ipPrefix: string | null; country: string | null; userAgent: string | null };

function countryOf(headers: HeaderReader): string | null {
  const configured = process.env.TRACKING_COUNTRY_HEADER?.trim().toLowerCase();
  for (const name of configured ? [configured] : COUNTRY_HEADERS) {
    const value = headers.get(name);
    // XX and T1 are how CDNs say "unknown" and "Tor".
    if (value && /^[A-Za-z]{2}$/.test(value) && !/^(xx|t1)$/i.test(value)) return value.toUpperCase();
  }
  return null;
}

/**
 * What the request says about its client. `address` overrides the one from the proxies (a
 * server-side sender passing its visitor's address); unknown addresses give null hashes.
 */
export function clientFacts(headers: HeaderReader, at: Date, address?: string | null): ClientFacts {
  const ip = address ?? clientIp(headers);
  const known = ip !== UNKNOWN_IP && isIP(ip) !== 0;
  return {
    ipHash: known ? hashAddress(ip, at) : null,
    ipPrefix: known ? truncateAddress(ip) : null,
    country: countryOf(headers),
    userAgent: headers.get("user-agent")?.slice(0, 1024) || null,
  };
}
