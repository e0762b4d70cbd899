import type { TActivityWeights, TEventType } from "./settings";

// Which stored tracked event names count as which event type. Session starts, purchases and
// clicks come from their own tables (sessions, the store's counted orders, owned-channel clicks),
// never from an event name, so a tracked checkout_completed is not a second purchase.

/** Tracked event names per type: the snippet's, the Shopify web pixel's, and the common spellings of server senders. */
export const EVENT_NAMES: Partial<Record<TEventType, readonly string[]>> = {
  page_view: ["page_view"],
  product_view: ["product_viewed", "product_view"],
  add_to_cart: ["product_added_to_cart", "add_to_cart"],
  checkout_started: ["checkout_started"],
};

/** Names that are never custom events: what the collectors send for themselves, and the types' own names. */
const RESERVED = new Set<string>(["identify", "engagement", "checkout_completed", ...Object.values(EVENT_NAMES).flat()]);

export function isReservedEventName(name: string): boolean {
  return RESERVED.has(name);
}

/** Event names with a weight above zero, as parallel arrays for the points statement. */
export function eventWeights(weights: TActivityWeights): { names: string[]; weights: number[] } {
  const pairs = new Map<string, number>();
  for (const [name, weight] of Object.entries(weights.custom)) if (!RESERVED.has(name) && weight > 0) pairs.set(name, weight);
  for (const [type, names] of Object.entries(EVENT_NAMES) as [TEventType, readonly string[]][]) {
    for (const name of names) if (weights[type] > 0) pairs.set(name, weights[type]);
  }
  const sorted = [...pairs].sort(([a], [b]) => (a < b ? -1 : 1));
  return { names: sorted.map(([n]) => n), weights: sorted.map(([, w]) => w) };
}
