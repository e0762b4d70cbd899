import { channelRecord, creditsFromChannelWeights } from "./channel-credits";
import type { Path, Touch } from "./types";

export type ShapleyFit = {
  /** Each channel's Shapley value, in conversions; the values sum to the conversions fitted. */
  values: Record<string, number>;
  /** The values scaled to sum to 1 (all 0 when nothing converted). */
  weights: Record<string, number>;
};

/**
 * Shapley values of channels in the game whose worth of a channel set S is the number of
 * conversions whose journeys' channel sets are subsets of S ("simplified Shapley" of marketing
 * attribution). That game is the sum, over the channel sets T seen converting, of T's conversions
 * times the game "worth 1 when S contains all of T", whose Shapley value is 1/|T| for each member
 * of T. So each channel's value is, exactly, the sum over converting journeys that include it of
 * the journey's count divided by its number of distinct channels: no enumeration of the 2^n
 * coalitions, hence no limit on the number of channels, in time linear in the touches.
 * Journeys that did not convert add nothing to this game's worth.
 */
export function fitShapley(paths: readonly Path[]): ShapleyFit {
  const values = channelRecord();
  let total = 0;
  for (const path of paths) {
    if (!(path.count >= 0) || !Number.isFinite(path.count)) throw new RangeError("A path's count must be a finite number of at least 0.");
    for (const channel of path.channels) if (!Object.hasOwn(values, channel)) values[channel] = 0;
    if (!path.converted || path.count === 0 || path.channels.length === 0) continue;
    const distinct = new Set(path.channels);
    const share = path.count / distinct.size;
    for (const channel of distinct) values[channel]! += share;
    total += path.count;
  }
  const weights = channelRecord();
  for (const channel of Object.keys(values)) weights[channel] = total > 0 ? values[channel]! / total : 0;
  return { values, weights };
}

/** Each touch's share of an order under a Shapley fit (see creditsFromChannelWeights). */
export function shapleyCredits(fit: Pick<ShapleyFit, "weights">, touches: readonly Touch[]): number[] {
  return creditsFromChannelWeights(fit.weights, touches);
}
