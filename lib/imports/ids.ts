import crypto from "node:crypto";

// Imported records have string ids, but facts are keyed by the platform's numeric id. A hash of
// the namespaced string gives the same positive 63-bit id on every upload, so a re-import
// overwrites instead of duplicating.

const MASK = (1n << 63n) - 1n;

export function stableId(namespace: string, ...parts: string[]): bigint {
  const digest = crypto.createHash("sha256").update([namespace, ...parts].join("\u0000")).digest();
  const id = digest.readBigUInt64BE(0) & MASK;
  // 0 is never a real id anywhere else; keep ids strictly positive.
  return id === 0n ? 1n : id;
}
