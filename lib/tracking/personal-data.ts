import { keyedHash } from "@/lib/crypto/secrets";

// An identify call carries the visitor's email (`properties.email`, or `properties.traits.email`
// as Segment-style senders put it). Events are stored as sent, so the address is swapped for its
// keyed hash before the event reaches the inbox: the same hash customers are matched by, which is
// all the identity graph needs. Phone numbers go the same way.
const PERSONAL_FIELDS = ["email", "phone"] as const;

function hashedFields(bag: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...bag };
  for (const field of PERSONAL_FIELDS) {
    if (!(field in out)) continue;
    const value = out[field];
    delete out[field];
    if (typeof value === "string" && value.trim() !== "") out[`${field}_hash`] = keyedHash(value);
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** An event's properties with every email and phone replaced by its keyed hash (`email_hash`, `phone_hash`). */
export function withoutReadablePersonalData(properties: Record<string, unknown>): Record<string, unknown> {
  const out = hashedFields(properties);
  if (isRecord(out.traits)) out.traits = hashedFields(out.traits);
  return out;
}
