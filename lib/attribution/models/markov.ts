import { channelRecord, creditsFromChannelWeights } from "./channel-credits";
import { invertMatrix } from "./linear-system";
import type { Path, Touch } from "./types";

export const MARKOV_START = "start";
export const MARKOV_CONVERSION = "conversion";
export const MARKOV_NULL = "null";
/** The one state the least-touched channels share when there are more than the fit takes apart. */
export const MARKOV_OTHER = "(other channels)";
/**
 * How many channel states a fit keeps apart. The fit costs O(k³) in channel states (about 0.5 s of
 * CPU at 500); a long tail of rarely-seen UTM sources beyond it shares one state.
 */
export const MAX_MARKOV_CHANNELS = 500;

export type MarkovTransition = { from: string; to: string; probability: number; count: number };

export type MarkovFit = {
  /** start, the channels (alphabetical; then MARKOV_OTHER if channels were merged), conversion, null. */
  states: string[];
  /** Every transition seen, with its share of its state's outgoing transitions. */
  transitions: MarkovTransition[];
  /** The chain's probability of reaching conversion from start, which the removal effects divide by. */
  conversionRate: number;
  /** Per channel state: 1 − P(conversion with it removed) / P(conversion), each from 0 to 1. */
  removalEffects: Record<string, number>;
  /**
   * Per channel: removal effects scaled to sum to 1 (all 0 when nothing converted). Merged channels
   * share their state's weight in proportion to their touches.
   */
  weights: Record<string, number>;
  /** How many channels share the MARKOV_OTHER state (0 when every channel has its own). */
  otherChannels: number;
  /** Journeys fitted (sum of the paths' counts, paths without touches left out). */
  journeys: number;
};

/**
 * Fits a first-order Markov chain over channels to journeys: start → each touch's channel in turn
 * → conversion or null, transition probabilities being the observed shares of each state's
 * outgoing transitions. Journeys without touches are left out: they tell nothing about channels.
 * Absorption probabilities are solved exactly (through the fundamental matrix over start and the
 * channels) rather than simulated, for the chain and for the chain with each channel removed
 * (every transition into it leading to null instead).
 */
export function fitMarkov(paths: readonly Path[], options: { maxChannels?: number } = {}): MarkovFit {
  const { channels, indexOf, tail, tailTouches } = channelStates(paths, options.maxChannels ?? MAX_MARKOV_CHANNELS);
  const k = channels.length;
  // State indexes: 0 start, 1..k channel states, k+1 conversion, k+2 null.
  const size = k + 3;
  const conversion = k + 1;
  const nothing = k + 2;
  const counts = new Float64Array(size * size);
  let journeys = 0;
  for (const path of paths) {
    if (path.count === 0 || path.channels.length === 0) continue;
    let from = 0;
    for (const channel of path.channels) {
      const to = indexOf.get(channel)!;
      counts[from * size + to]! += path.count;
      from = to;
    }
    counts[from * size + (path.converted ? conversion : nothing)]! += path.count;
    journeys += path.count;
  }

  const states = [MARKOV_START, ...channels, MARKOV_CONVERSION, MARKOV_NULL];
  const probabilities = new Float64Array(size * size);
  const transitions: MarkovTransition[] = [];
  for (let from = 0; from <= k; from++) {
    let out = 0;
    for (let to = 0; to < size; to++) out += counts[from * size + to]!;
    if (out === 0) continue;
    for (let to = 0; to < size; to++) {
      const count = counts[from * size + to]!;
      if (count === 0) continue;
      probabilities[from * size + to] = count / out;
      transitions.push({ from: states[from]!, to: states[to]!, probability: count / out, count });
    }
  }

  const { conversionRate, withoutChannel } = absorption(probabilities, k, journeys);
  const removalEffects = channelRecord();
  const weights = channelRecord();
  let effectSum = 0;
  for (let i = 0; i < k; i++) {
    const effect = conversionRate > 0 ? clamp01(1 - withoutChannel[i]! / conversionRate) : 0;
    removalEffects[channels[i]!] = effect;
    effectSum += effect;
  }
  for (const channel of channels) {
    const weight = effectSum > 0 ? removalEffects[channel]! / effectSum : 0;
    if (channel !== MARKOV_OTHER || tail.size === 0) weights[channel] = weight;
    else for (const [merged, touches] of tail) weights[merged] = (weight * touches) / tailTouches;
  }
  return { states, transitions, conversionRate, removalEffects, weights, journeys, otherChannels: tail.size };
}

export type TransitionMatrix = {
  /** The states transitions leave: start, then the channel states. */
  from: string[];
  /** The states transitions reach: the channel states, then conversion and null. */
  to: string[];
  /** probabilities[i][j] = P(from[i] → to[j]); each row sums to 1 (a state never left: all 0). */
  probabilities: number[][];
};

/** A fit's transitions as the matrix the report draws. */
export function transitionMatrix(fit: Pick<MarkovFit, "states" | "transitions">): TransitionMatrix {
  const from = fit.states.slice(0, -2);
  const to = fit.states.slice(1);
  const row = new Map(from.map((state, i) => [state, i]));
  const column = new Map(to.map((state, j) => [state, j]));
  const probabilities = from.map(() => new Array<number>(to.length).fill(0));
  for (const t of fit.transitions) probabilities[row.get(t.from)!]![column.get(t.to)!] = t.probability;
  return { from, to, probabilities };
}

/** Each touch's share of an order under a Markov fit (see creditsFromChannelWeights). */
export function markovCredits(fit: Pick<MarkovFit, "weights">, touches: readonly Touch[]): number[] {
  return creditsFromChannelWeights(fit.weights, touches);
}

/**
 * P(conversion) from start, and the same with each channel removed. Over the transient states
 * (start and the k channels) the fundamental matrix N = (I − Q)⁻¹ holds expected visits, so
 * x = N r is P(conversion | state), r being each state's step straight to conversion. Removing c
 * sends every transition into c to null, so it loses exactly the conversions of walks that reach
 * c: P(visit c from start) · x_c, where P(visit c from start) = N[start][c] / N[c][c]. One
 * inversion answers every channel (O(k³)), instead of one linear system per channel (O(k⁴)).
 */
function absorption(probabilities: Float64Array, k: number, journeys: number): { conversionRate: number; withoutChannel: Float64Array } {
  const withoutChannel = new Float64Array(k);
  if (journeys === 0) return { conversionRate: 0, withoutChannel };
  const size = k + 3;
  const n = k + 1;
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) a[i * n + j] = (i === j ? 1 : 0) - probabilities[i * size + j]!;
  }
  const visits = invertMatrix(a, n);
  const toConversion = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += visits[i * n + j]! * probabilities[j * size + k + 1]!;
    toConversion[i] = sum;
  }
  const conversionRate = clamp01(toConversion[0]!);
  for (let c = 1; c < n; c++) {
    const reach = visits[c]! / visits[c * n + c]!;
    withoutChannel[c - 1] = clamp01(conversionRate - reach * toConversion[c]!);
  }
  return { conversionRate, withoutChannel };
}

/**
 * The channel states: every channel (alphabetical) while there are at most `maxChannels`, else the
 * maxChannels − 1 most touched (ties alphabetical) and MARKOV_OTHER for the rest (`tail`, with
 * their touches).
 */
function channelStates(paths: readonly Path[], maxChannels: number) {
  if (!Number.isInteger(maxChannels) || maxChannels < 1) throw new RangeError("maxChannels must be a whole number of at least 1.");
  const touches = new Map<string, number>();
  for (const path of paths) {
    if (!(path.count >= 0) || !Number.isFinite(path.count)) throw new RangeError("A path's count must be a finite number of at least 0.");
    if (path.count === 0) continue;
    for (const channel of path.channels) touches.set(channel, (touches.get(channel) ?? 0) + path.count);
  }
  const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const tail = new Map<string, number>();
  let tailTouches = 0;
  let channels = [...touches.keys()].sort(byName);
  if (channels.length > maxChannels) {
    const ranked = channels.sort((a, b) => touches.get(b)! - touches.get(a)! || byName(a, b));
    for (const channel of ranked.slice(maxChannels - 1)) {
      tail.set(channel, touches.get(channel)!);
      tailTouches += touches.get(channel)!;
    }
    channels = [...ranked.slice(0, maxChannels - 1).sort(byName), MARKOV_OTHER];
  }
  const indexOf = new Map(channels.map((channel, i) => [channel, i + 1]));
  for (const channel of tail.keys()) indexOf.set(channel, channels.length);
  return { channels, indexOf, tail, tailTouches };
}

// Rounding can land a probability a hair outside [0, 1].
const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);
