import { keyedHash } from "@/lib/crypto/secrets";

// What one drained batch of events says about identity: the visitors it touched, the identifiers
// each visitor was seen with, and the identifiers seen together in one event (ties). Pure apart
// from hashing: member ids and emails leave here only as keyed hashes.

export type TIdentifierKind = "member" | "email" | "customer" | "order";
export type TIdentifier = { kind: TIdentifierKind; value: string };
export type TLinkMethod = "identify" | "checkout_completed" | "event";

/** The fields of a drained event the identity graph reads. */
export type TIdentityEvent = {
  messageId: string;
  event: string;
  occurredAt: Date;
  anonymousId: string;
  userId: string | null;
  pageUrl: string | null;
  referrer: string | null;
  properties: Record<string, unknown>;
};

export type TVisitorTouch = { anonymousId: string; firstSeenAt: Date; lastSeenAt: Date; firstPageUrl: string | null; firstReferrer: string | null };
export type TLinkSeen = TIdentifier & { anonymousId: string; method: TLinkMethod; messageId: string; firstSeenAt: Date; lastSeenAt: Date };
export type TTieSeen = { a: TIdentifier; b: TIdentifier; anonymousId: string; messageId: string; firstSeenAt: Date; lastSeenAt: Date };

export type TIdentityBatch = { visitors: TVisitorTouch[]; links: TLinkSeen[]; ties: TTieSeen[] };

const MAX_BIGINT = 9223372036854775807n;

const KIND_ORDER: Record<TIdentifierKind, number> = { member: 0, email: 1, customer: 2, order: 3 };

export const identifierText = (id: TIdentifier) => `${id.kind}:${id.value}`;

/** Ties are stored once per pair, in this order. */
export function compareIdentifiers(a: TIdentifier, b: TIdentifier): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
}

/** A store's numeric id, given as a number, a string of digits or a Shopify GID ("gid://shopify/Order/123"). */
export function storeId(value: unknown): string | null {
  if (typeof value === "number" && Number.isSafeInteger(value) && value > 0) return String(value);
  if (typeof value !== "string") return null;
  const match = /^(?:gid:\/\/shopify\/[A-Za-z]+\/)?(\d{1,19})$/.exec(value.trim());
  if (!match) return null;
  const id = BigInt(match[1]!);
  // Stored ids are bigints; anything past that range names no store record.
  return id > 0n && id <= MAX_BIGINT ? id.toString() : null;
}

const HASH = /^[0-9a-f]{64}$/;

/** The keyed hash of the event's email: the event API stores emails only as `email_hash` (lib/tracking/personal-data.ts). */
function emailHashOf(properties: Record<string, unknown>): string | null {
  const traits = properties.traits;
  const candidates = [properties.email_hash, traits !== null && typeof traits === "object" ? (traits as Record<string, unknown>).email_hash : undefined];
  for (const candidate of candidates) {
    if (typeof candidate === "string" && HASH.test(candidate)) return candidate;
  }
  return null;
}

function methodOf(event: string): TLinkMethod {
  if (event === "identify") return "identify";
  if (event === "checkout_completed") return "checkout_completed";
  return "event";
}

/** The identifiers one event carries. */
export function identifiersOf(event: TIdentityEvent): TIdentifier[] {
  const found: TIdentifier[] = [];
  const member = event.userId?.trim();
  if (member) found.push({ kind: "member", value: keyedHash(member) });
  const email = emailHashOf(event.properties);
  if (email) found.push({ kind: "email", value: email });
  const customer = storeId(event.properties.customer_id);
  if (customer) found.push({ kind: "customer", value: customer });
  // Only a completed checkout proves the visitor placed the order; other events may merely mention one.
  if (event.event === "checkout_completed") {
    const order = storeId(event.properties.order_id);
    if (order) found.push({ kind: "order", value: order });
  }
  return found;
}

function keep<T extends { firstSeenAt: Date; lastSeenAt: Date; messageId: string }>(map: Map<string, T>, key: string, seen: T) {
  const known = map.get(key);
  if (!known) {
    map.set(key, seen);
    return;
  }
  if (seen.firstSeenAt < known.firstSeenAt) {
    known.firstSeenAt = seen.firstSeenAt;
    known.messageId = seen.messageId;
  }
  if (seen.lastSeenAt > known.lastSeenAt) known.lastSeenAt = seen.lastSeenAt;
}

/** Folds a batch into one touch per visitor, one link per (visitor, identifier) and one tie per pair. */
export function identityBatchOf(events: readonly TIdentityEvent[]): TIdentityBatch {
  const visitors = new Map<string, TVisitorTouch>();
  const links = new Map<string, TLinkSeen>();
  const ties = new Map<string, TTieSeen>();
  for (const event of events) {
    const at = event.occurredAt;
    const visitor = visitors.get(event.anonymousId);
    if (!visitor) {
      visitors.set(event.anonymousId, { anonymousId: event.anonymousId, firstSeenAt: at, lastSeenAt: at, firstPageUrl: event.pageUrl, firstReferrer: event.referrer });
    } else {
      if (at < visitor.firstSeenAt) Object.assign(visitor, { firstSeenAt: at, firstPageUrl: event.pageUrl, firstReferrer: event.referrer });
      if (at > visitor.lastSeenAt) visitor.lastSeenAt = at;
    }
    const identifiers = identifiersOf(event).sort(compareIdentifiers);
    for (const id of identifiers) {
      keep(links, `${event.anonymousId}\u0000${identifierText(id)}`, {
        ...id, anonymousId: event.anonymousId, method: methodOf(event.event), messageId: event.messageId, firstSeenAt: at, lastSeenAt: at,
      });
    }
    for (let i = 0; i < identifiers.length; i++) {
      for (let j = i + 1; j < identifiers.length; j++) {
        const [a, b] = [identifiers[i]!, identifiers[j]!];
        keep(ties, `${identifierText(a)}\u0000${identifierText(b)}`, { a, b, anonymousId: event.anonymousId, messageId: event.messageId, firstSeenAt: at, lastSeenAt: at });
      }
    }
  }
  return { visitors: [...visitors.values()], links: [...links.values()], ties: [...ties.values()] };
}
