import { describe, expect, it } from "vitest";
import { fitShapley, shapleyCredits } from "./shapley";
import { touchAt } from "./test-journeys";
import type { Path } from "./types";

const path = (channels: string[], converted: boolean, count = 1): Path => ({ channels, converted, count });

/**
 * The textbook definition, for checking: φ_j = Σ over coalitions S without j of
 * |S|! (n − |S| − 1)! / n! · (v(S ∪ {j}) − v(S)), with v(S) = conversions of journeys whose
 * channel set is a subset of S. Enumerates all 2^n coalitions.
 */
function shapleyByDefinition(paths: Path[]): Record<string, number> {
  const channels = [...new Set(paths.flatMap((p) => p.channels))].sort();
  const n = channels.length;
  const maskOf = (names: Iterable<string>) => [...names].reduce((mask, name) => mask | (1 << channels.indexOf(name)), 0);
  const converting = paths.filter((p) => p.converted).map((p) => ({ mask: maskOf(p.channels), count: p.count }));
  const worth = (coalition: number) => converting.reduce((sum, p) => ((p.mask & coalition) === p.mask ? sum + p.count : sum), 0);
  const factorial = (m: number): number => (m <= 1 ? 1 : m * factorial(m - 1));
  const popcount = (mask: number) => mask.toString(2).replaceAll("0", "").length;
  const values: Record<string, number> = {};
  channels.forEach((channel, j) => {
    let value = 0;
    for (let coalition = 0; coalition < 1 << n; coalition++) {
      if (coalition & (1 << j)) continue;
      const size = popcount(coalition);
      value += ((factorial(size) * factorial(n - size - 1)) / factorial(n)) * (worth(coalition | (1 << j)) - worth(coalition));
    }
    values[channel] = value;
  });
  return values;
}

describe("fitShapley", () => {
  // Converting journeys by channel set: {A} 10, {B} 5, {A, B} 6, {A, B, C} 3 (B → A → B counts as {A, B}).
  // Worth v: A 10, B 5, C 0, AB 21, AC 10, BC 5, ABC 24.
  // φ_A = 1/3·v(A) + 1/6·(v(AB) − v(B)) + 1/6·(v(AC) − v(C)) + 1/3·(v(ABC) − v(BC))
  //     = 10/3 + 16/6 + 10/6 + 19/3 = 14
  // φ_B = 1/3·5 + 1/6·(21 − 10) + 1/6·(5 − 0) + 1/3·(24 − 10) = 5/3 + 11/6 + 5/6 + 14/3 = 9
  // φ_C = 1/3·0 + 1/6·(10 − 10) + 1/6·(5 − 5) + 1/3·(24 − 21) = 1
  // They sum to v(ABC) = 24. Journeys that did not convert change no worth.
  const paths = [
    path(["A"], true, 10),
    path(["B"], true, 5),
    path(["A", "B"], true, 4),
    path(["B", "A", "B"], true, 2),
    path(["C", "B", "A"], true, 3),
    path(["C"], false, 50),
  ];
  const fit = fitShapley(paths);

  it("matches the values computed by hand", () => {
    expect(fit.values.A).toBeCloseTo(14, 12);
    expect(fit.values.B).toBeCloseTo(9, 12);
    expect(fit.values.C).toBeCloseTo(1, 12);
    expect(fit.weights.A).toBeCloseTo(14 / 24, 12);
  });

  it("matches the definition over every coalition on a larger example", () => {
    const channels = ["google", "facebook", "tiktok", "email", "direct", "organic", "x"];
    // Deterministic pseudo-random journeys.
    let seed = 17;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const many: Path[] = Array.from({ length: 60 }, () => ({
      channels: Array.from({ length: 1 + Math.floor(next() * 4) }, () => channels[Math.floor(next() * channels.length)]!),
      converted: next() < 0.6,
      count: 1 + Math.floor(next() * 9),
    }));
    const expected = shapleyByDefinition(many);
    const actual = fitShapley(many).values;
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    for (const channel of Object.keys(expected)) expect(actual[channel]).toBeCloseTo(expected[channel]!, 9);
  });

  it("lists channels seen only in journeys that did not convert, at zero", () => {
    expect(fitShapley([path(["email"], false, 4)])).toEqual({ values: { email: 0 }, weights: { email: 0 } });
  });
});

describe("shapleyCredits", () => {
  it("splits each channel's weight among its touches, renormalised over the channels present", () => {
    const fit = { weights: { A: 14 / 24, B: 9 / 24, C: 1 / 24 } };
    // A: 14, B: 9 over two touches (4.5 each); of 23.
    const credits = shapleyCredits(fit, [touchAt(3, "B"), touchAt(2, "A"), touchAt(1, "B")]);
    [4.5 / 23, 14 / 23, 4.5 / 23].forEach((expected, i) => expect(credits[i]).toBeCloseTo(expected, 12));
  });
});
