import type { TOwnedMachineReason } from "../types";

// Machine opens and clicks: mail privacy proxies and security scanners fetch the pixel and
// follow links on delivery, not a person. They are flagged and reported apart, never counted as
// opens or clicks. Three signs, any one enough: within seconds of delivery; every link of a
// send followed at once; from a known proxy or scanner range.

/** An open or click this soon after delivery was fetched by the receiving system. */
export const MACHINE_AFTER_DELIVERY_MS = 10_000;
/** Distinct links of one send followed within this span are one scanner pass. */
export const BURST_SPAN_MS = 5_000;
/** A burst needs at least this many distinct links (one link twice is a person double-clicking). */
export const BURST_MIN_LINKS = 2;

// Apple owns 17.0.0.0/8; Mail Privacy Protection prefetches images through it. The others are
// mail-security scanners' published egress ranges. IPv4 only: the redirect records an IPv4
// prefix, or nothing.
export const MACHINE_RANGES: readonly { cidr: string; what: "privacy_proxy" | "security_scanner" }[] = [
  { cidr: "17.0.0.0/8", what: "privacy_proxy" },
  { cidr: "40.92.0.0/15", what: "security_scanner" },
  { cidr: "40.107.0.0/16", what: "security_scanner" },
  { cidr: "52.100.0.0/14", what: "security_scanner" },
  { cidr: "104.47.0.0/17", what: "security_scanner" },
];

export type TMachineReason = Extract<TOwnedMachineReason, "within_seconds" | "all_links" | "proxy_range">;

export type TInteraction = {
  id: string;
  sendId: string;
  kind: "open" | "click";
  at: Date;
  /** Which link of the message, for clicks. */
  linkKey?: string | null;
  /** The client's address or its network as stored ("17.58.1.0/24"). */
  ip?: string | null;
};

function ipv4ToInt(ip: string): number | null {
  const parts = ip.trim().split(".");
  if (parts.length !== 4) return null;
  let n = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    n = n * 256 + octet;
  }
  return n;
}

/** Whether an address (or the network it was stored as) is a known proxy's or scanner's. */
export function inMachineRange(ip: string | null | undefined): boolean {
  return machineRangeOf(ip) !== null;
}

/** The known range an address falls in, if any. */
export function machineRangeOf(ip: string | null | undefined): "privacy_proxy" | "security_scanner" | null {
  if (!ip) return null;
  const n = ipv4ToInt(ip.split("/")[0]!);
  if (n === null) return null;
  for (const range of MACHINE_RANGES) {
    const [base, bits] = range.cidr.split("/") as [string, string];
    const size = 2 ** (32 - Number(bits));
    const start = ipv4ToInt(base)!;
    if (n >= start && n < start + size) return range.what;
  }
  return null;
}

/**
 * Flags a send's opens and clicks. `deliveredAt` null (delivery unknown) skips the first sign.
 * Returns the machine ones with their reason; the rest are left to the human-click rule.
 */
export function flagMachineInteractions(interactions: readonly TInteraction[], deliveredAt: Date | null): Map<string, TMachineReason> {
  const flags = new Map<string, TMachineReason>();
  for (const i of interactions) {
    if (inMachineRange(i.ip)) flags.set(i.id, "proxy_range");
    else if (deliveredAt && i.at.getTime() - deliveredAt.getTime() <= MACHINE_AFTER_DELIVERY_MS && i.at >= deliveredAt) {
      flags.set(i.id, "within_seconds");
    }
  }
  const clicks = interactions.filter((i) => i.kind === "click").sort((a, b) => a.at.getTime() - b.at.getTime());
  for (let start = 0; start < clicks.length; start++) {
    const first = clicks[start]!.at.getTime();
    let end = start;
    while (end + 1 < clicks.length && clicks[end + 1]!.at.getTime() - first <= BURST_SPAN_MS) end++;
    const burst = clicks.slice(start, end + 1);
    if (new Set(burst.map((c) => c.linkKey ?? c.id)).size >= BURST_MIN_LINKS) {
      for (const c of burst) if (!flags.has(c.id)) flags.set(c.id, "all_links");
    }
  }
  return flags;
}
