import type { Touch } from "./types";

/**
 * A record keyed by channel. Channels come from UTM sources people type, so a key such as
 * "__proto__" or "constructor" must be an ordinary key: the record has no prototype.
 */
export function channelRecord(): Record<string, number> {
  return Object.create(null) as Record<string, number>;
}

/** A channel's weight, 0 for a channel the weights do not know (never an inherited property). */
export function weightOf(weights: Readonly<Record<string, number>>, channel: string): number {
  return Object.hasOwn(weights, channel) ? weights[channel]! : 0;
}

/**
 * Credits from per-channel weights (the data-driven models): each channel's weight is split
 * equally among its touches in this journey, and the shares are renormalised over the channels
 * present so they sum to 1. When no channel present carries weight (channels the fit never saw,
 * or a fit without conversions) there is nothing to tell them apart, so the touches share equally.
 */
export function creditsFromChannelWeights(weights: Readonly<Record<string, number>>, touches: readonly Touch[]): number[] {
  const n = touches.length;
  if (n === 0) return [];
  const credits = new Array<number>(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const channel = touches[i]!.channel;
    // Journeys are short; counting by scanning beats building a map for each one.
    let sameChannel = 0;
    for (let j = 0; j < n; j++) if (touches[j]!.channel === channel) sameChannel++;
    const share = weightOf(weights, channel) / sameChannel;
    credits[i] = share;
    total += share;
  }
  if (!(total > 0)) return credits.fill(1 / n);
  for (let i = 0; i < n; i++) credits[i]! /= total;
  return credits;
}
