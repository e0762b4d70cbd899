// Seeded, random-access randomness for the demo store: the same (seed, index, stream) always gives
// the same number, so any order can be generated on its own, in any order, on any machine.
// (Math.random is never used here.)

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A 32-bit hash of (seed, index, stream); index may exceed 32 bits. */
export function hash32(seed: number, index: number, stream: number): number {
  let h = fmix32((seed >>> 0) ^ 0x9e3779b9);
  h = fmix32((h ^ Math.imul(index >>> 0, 0xcc9e2d51)) >>> 0);
  const high = Math.floor(index / 4294967296);
  if (high !== 0) h = fmix32((h ^ Math.imul(high >>> 0, 0x1b873593)) >>> 0);
  return fmix32((h ^ Math.imul(stream >>> 0, 0xe6546b64)) >>> 0);
}

/** Uniform in [0, 1) for (seed, index, stream). */
export function unit(seed: number, index: number, stream: number): number {
  return hash32(seed, index, stream) / 4294967296;
}

/** A small sequential generator (mulberry32) for the many draws one order needs. */
export function sequence(state: number): () => number {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Index drawn from cumulative weights (ascending, last = total) with u in [0, 1). */
export function pickCumulative(cumulative: readonly number[], u: number): number {
  const target = u * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function cumulativeOf(weights: readonly number[]): number[] {
  let total = 0;
  return weights.map((w) => (total += w));
}
