import { describe, expect, it } from "vitest";
import { fitMarkov, markovCredits, transitionMatrix, type MarkovFit } from "./markov";
import { touchAt } from "./test-journeys";
import type { Path } from "./types";

const path = (channels: string[], converted: boolean, count = 1): Path => ({ channels, converted, count });

/** Seeded journeys of 1 to 6 touches over `channelCount` channels, some repeating channels. */
function randomPaths(channelCount: number, journeys: number, seed: number): Path[] {
  const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  return Array.from({ length: journeys }, () => {
    const channels = Array.from({ length: 1 + Math.floor(next() * 6) }, () => `c${Math.floor(next() ** 2 * channelCount)}`);
    return path(channels, next() < 0.4 + 0.02 * channels.length, 1 + Math.floor(next() * 3));
  });
}

/**
 * Removal effects by definition, independently of the fit's algebra: P(conversion) by iterating
 * x ← Q x + r from 0 until it settles, with a removed channel's x held at 0.
 */
function removalEffectsByIteration(fit: MarkovFit): Record<string, number> {
  const transient = fit.states.filter((s) => s !== "conversion" && s !== "null");
  const conversionFrom = (removed: string | null) => {
    const x = new Map(transient.map((s) => [s, 0]));
    for (let round = 0; round < 100_000; round++) {
      let change = 0;
      for (const state of transient) {
        if (state === removed) continue;
        let value = 0;
        for (const t of fit.transitions) {
          if (t.from !== state) continue;
          value += t.probability * (t.to === "conversion" ? 1 : t.to === "null" ? 0 : x.get(t.to)!);
        }
        change = Math.max(change, Math.abs(value - x.get(state)!));
        x.set(state, value);
      }
      if (change < 1e-14) break;
    }
    return x.get("start")!;
  };
  const base = conversionFrom(null);
  return Object.fromEntries(transient.filter((s) => s !== "start").map((channel) => [channel, 1 - conversionFrom(channel) / base]));
}

describe("fitMarkov", () => {
  // Three journeys: C1 → C2 → conversion, C1 → null, C2 → C3 → conversion.
  //
  // Transitions counted and their probabilities (each state's outgoing counts normalised):
  //   start → C1 2/3, start → C2 1/3;  C1 → C2 1/2, C1 → null 1/2;
  //   C2 → conversion 1/2, C2 → C3 1/2;  C3 → conversion 1.
  // P(conversion | state), solving backwards:
  //   C3 = 1;  C2 = 1/2 + 1/2 · C3 = 1;  C1 = 1/2 · C2 = 1/2;  start = 2/3 · C1 + 1/3 · C2 = 2/3.
  // With a channel removed (its P pinned to 0):
  //   no C1: start = 1/3 · 1 = 1/3                          → removal effect 1 − (1/3)/(2/3) = 1/2
  //   no C2: C1 = 0, start = 0                              → removal effect 1
  //   no C3: C2 = 1/2, C1 = 1/4, start = 2/3·1/4 + 1/3·1/2 = 1/3 → removal effect 1/2
  // Effects sum to 2, so the weights are C1 1/4, C2 1/2, C3 1/4.
  const fit = fitMarkov([path(["C1", "C2"], true), path(["C1"], false), path(["C2", "C3"], true)]);

  it("lists the states and the transition probabilities", () => {
    expect(fit.states).toEqual(["start", "C1", "C2", "C3", "conversion", "null"]);
    const probability = (from: string, to: string) => fit.transitions.find((t) => t.from === from && t.to === to)?.probability;
    expect(probability("start", "C1")).toBeCloseTo(2 / 3, 12);
    expect(probability("start", "C2")).toBeCloseTo(1 / 3, 12);
    expect(probability("C1", "C2")).toBeCloseTo(1 / 2, 12);
    expect(probability("C1", "null")).toBeCloseTo(1 / 2, 12);
    expect(probability("C2", "conversion")).toBeCloseTo(1 / 2, 12);
    expect(probability("C2", "C3")).toBeCloseTo(1 / 2, 12);
    expect(probability("C3", "conversion")).toBe(1);
    expect(fit.transitions).toHaveLength(7);
    expect(fit.journeys).toBe(3);
  });

  it("computes the conversion probability and removal effects by hand", () => {
    expect(fit.conversionRate).toBeCloseTo(2 / 3, 12);
    expect(fit.removalEffects.C1).toBeCloseTo(1 / 2, 12);
    expect(fit.removalEffects.C2).toBeCloseTo(1, 12);
    expect(fit.removalEffects.C3).toBeCloseTo(1 / 2, 12);
    expect(fit.weights.C1).toBeCloseTo(1 / 4, 12);
    expect(fit.weights.C2).toBeCloseTo(1 / 2, 12);
    expect(fit.weights.C3).toBeCloseTo(1 / 4, 12);
  });

  it("solves chains with loops exactly", () => {
    // A → B → A → conversion, B → null, A → conversion.
    //   start → A 2/3, start → B 1/3;  A → B 1/3, A → conversion 2/3;  B → A 1/2, B → null 1/2.
    //   A = 2/3 + 1/3 · B and B = 1/2 · A, so A = 2/3 + A/6, A = 4/5, B = 2/5;
    //   start = 2/3 · 4/5 + 1/3 · 2/5 = 2/3.
    //   no A: B = 0, start = 0 → effect 1.   no B: A = 2/3, start = 4/9 → effect 1 − (4/9)/(2/3) = 1/3.
    //   Weights: A 1/(4/3) = 3/4, B 1/4.
    const loop = fitMarkov([path(["A", "B", "A"], true), path(["B"], false), path(["A"], true)]);
    expect(loop.conversionRate).toBeCloseTo(2 / 3, 12);
    expect(loop.removalEffects.A).toBeCloseTo(1, 12);
    expect(loop.removalEffects.B).toBeCloseTo(1 / 3, 12);
    expect(loop.weights.A).toBeCloseTo(3 / 4, 12);
    expect(loop.weights.B).toBeCloseTo(1 / 4, 12);
  });

  it("weighs journeys by their counts, as if each were listed that many times", () => {
    const counted = fitMarkov([path(["C1", "C2"], true, 40), path(["C1"], false, 25), path(["C2", "C3"], true, 7)]);
    const listed = fitMarkov([
      ...Array.from({ length: 40 }, () => path(["C1", "C2"], true)),
      ...Array.from({ length: 25 }, () => path(["C1"], false)),
      ...Array.from({ length: 7 }, () => path(["C2", "C3"], true)),
    ]);
    expect(counted.journeys).toBe(72);
    for (const channel of ["C1", "C2", "C3"]) expect(counted.removalEffects[channel]).toBeCloseTo(listed.removalEffects[channel]!, 12);
    // 40 + 25 leave start for C1, 7 for C2.
    expect(counted.transitions.find((t) => t.from === "start" && t.to === "C1")).toMatchObject({ count: 65, probability: 65 / 72 });
  });

  it("gives no effects when nothing converted, and leaves journeys without touches out", () => {
    const none = fitMarkov([path(["email"], false, 3), path([], true, 10)]);
    expect(none.conversionRate).toBe(0);
    expect(none.removalEffects.email).toBe(0);
    expect(none.weights.email).toBe(0);
    expect(none.journeys).toBe(3);
    expect(fitMarkov([]).states).toEqual(["start", "conversion", "null"]);
  });

  it("keeps channel names that look like object properties as ordinary channels", () => {
    const odd = fitMarkov([path(["__proto__", "constructor"], true), path(["constructor"], false)]);
    expect(Object.keys(odd.weights).sort()).toEqual(["__proto__", "constructor"]);
    // start → each 1/2; __proto__ → constructor 1; constructor → conversion 1/2: P = 1/2.
    // Without __proto__ P = 1/4 (effect 1/2); without constructor P = 0 (effect 1).
    expect(odd.removalEffects["__proto__"]).toBeCloseTo(1 / 2, 12);
    expect(odd.removalEffects.constructor).toBeCloseTo(1, 12);
  });

  it("agrees with removing each channel from the chain and iterating it to convergence", () => {
    const fitted = fitMarkov(randomPaths(12, 400, 3));
    const reference = removalEffectsByIteration(fitted);
    for (const [channel, effect] of Object.entries(reference)) expect(fitted.removalEffects[channel], channel).toBeCloseTo(effect, 9);
  });

  it("fits hundreds of channels (a long tail of UTM sources) quickly", () => {
    const started = performance.now();
    const wide = fitMarkov(randomPaths(400, 20_000, 5));
    expect(Object.keys(wide.weights)).toHaveLength(400);
    expect(Object.values(wide.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    // One inversion of a 401 × 401 matrix; a linear system per channel took tens of seconds here.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("merges the least-touched channels into one state beyond the channel limit", () => {
    // A → conversion ×3, B → null ×2, A → B → conversion, X → conversion, Y → null. Touches: A 4,
    // B 3, X 1, Y 1; with room for 3 states, A and B keep theirs and X, Y share O.
    //   start → A 1/2, B 1/4, O 1/4;  A → conversion 3/4, B 1/4;  B → null 2/3, conversion 1/3;
    //   O → conversion 1/2, null 1/2.
    //   B = 1/3, O = 1/2, A = 3/4 + 1/4 · 1/3 = 5/6;  start = 1/2 · 5/6 + 1/4 · 1/3 + 1/4 · 1/2 = 5/8.
    //   no A: 1/12 + 1/8 = 5/24 → effect 2/3.   no B: A = 3/4, start = 3/8 + 1/8 = 1/2 → effect 1/5.
    //   no O: 5/12 + 1/12 = 1/2 → effect 1/5.   Sum 16/15: weights A 5/8, B 3/16, O 3/16,
    //   which X and Y share by touches, 3/32 each.
    const capped = fitMarkov(
      [path(["A"], true, 3), path(["B"], false, 2), path(["A", "B"], true), path(["X"], true), path(["Y"], false)],
      { maxChannels: 3 },
    );
    expect(capped.states).toEqual(["start", "A", "B", "(other channels)", "conversion", "null"]);
    expect(capped.otherChannels).toBe(2);
    expect(capped.conversionRate).toBeCloseTo(5 / 8, 12);
    expect(capped.removalEffects.A).toBeCloseTo(2 / 3, 12);
    expect(capped.removalEffects.B).toBeCloseTo(1 / 5, 12);
    expect(capped.removalEffects["(other channels)"]).toBeCloseTo(1 / 5, 12);
    expect(Object.keys(capped.weights).sort()).toEqual(["A", "B", "X", "Y"]);
    expect(capped.weights.A).toBeCloseTo(5 / 8, 12);
    expect(capped.weights.B).toBeCloseTo(3 / 16, 12);
    expect(capped.weights.X).toBeCloseTo(3 / 32, 12);
    expect(capped.weights.Y).toBeCloseTo(3 / 32, 12);
    // Under the limit nothing is merged.
    expect(fitMarkov([path(["A"], true), path(["B"], false)], { maxChannels: 2 }).otherChannels).toBe(0);
  });

  it("refuses a negative or non-finite count", () => {
    expect(() => fitMarkov([path(["a"], true, -1)])).toThrow(RangeError);
    expect(() => fitMarkov([path(["a"], true, Number.NaN)])).toThrow(RangeError);
  });
});

describe("transitionMatrix", () => {
  it("lays the transitions out from start and the channels to the channels and the outcomes", () => {
    const fit = fitMarkov([path(["C1", "C2"], true), path(["C1"], false), path(["C2", "C3"], true)]);
    expect(transitionMatrix(fit)).toEqual({
      from: ["start", "C1", "C2", "C3"],
      to: ["C1", "C2", "C3", "conversion", "null"],
      probabilities: [
        [2 / 3, 1 / 3, 0, 0, 0],
        [0, 1 / 2, 0, 0, 1 / 2],
        [0, 0, 1 / 2, 1 / 2, 0],
        [0, 0, 0, 1, 0],
      ],
    });
  });
});

describe("markovCredits", () => {
  const fit = fitMarkov([path(["A", "B", "A"], true), path(["B"], false), path(["A"], true)]);

  it("splits a channel's weight among its touches, renormalised over the channels present", () => {
    // A weighs 3/4 over two touches (3/8 each), B 1/4: together 1.
    const credits = markovCredits(fit, [touchAt(3, "A"), touchAt(2, "B"), touchAt(1, "A")]);
    [3 / 8, 1 / 4, 3 / 8].forEach((expected, i) => expect(credits[i]).toBeCloseTo(expected, 12));
    // Only B present: it takes the whole order.
    expect(markovCredits(fit, [touchAt(1, "B")])).toEqual([1]);
  });

  it("gives a channel the fit never saw nothing, or an equal split when no channel present is known", () => {
    const credits = markovCredits(fit, [touchAt(2, "tiktok"), touchAt(1, "A")]);
    expect(credits).toEqual([0, 1]);
    expect(markovCredits(fit, [touchAt(2, "tiktok"), touchAt(1, "reddit")])).toEqual([0.5, 0.5]);
    expect(markovCredits(fit, [])).toEqual([]);
  });
});
