import { describe, expect, it } from "vitest";
import { ruleCredits } from "./rules";
import { ORDER_AT, touchAt } from "./test-journeys";
import { RULE_MODELS, type ModelSettings } from "./types";

const SETTINGS: ModelSettings = { halfLifeDays: 7, positionBased: { first: 0.4, last: 0.4 } };
const credits = (model: (typeof RULE_MODELS)[number], touches: Parameters<typeof ruleCredits>[1], settings = SETTINGS) =>
  ruleCredits(model, touches, ORDER_AT, settings);

function expectShares(actual: number[], expected: number[]) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((share, i) => expect(share, `share ${i}`).toBeCloseTo(expected[i]!, 10));
}

describe("ruleCredits", () => {
  it("gives nothing when there are no touches", () => {
    for (const model of RULE_MODELS) expect(credits(model, [])).toEqual([]);
  });

  it("gives a single touch the whole order under every model", () => {
    const journey = [touchAt(3, "paid_social")];
    for (const model of RULE_MODELS) expect(credits(model, journey), model).toEqual([1]);
  });

  describe("all direct visits", () => {
    const journey = [touchAt(5, "direct"), touchAt(2, "direct"), touchAt(0.5, "direct")];

    it("first and last touch pick the ends", () => {
      expect(credits("first_touch", journey)).toEqual([1, 0, 0]);
      expect(credits("last_touch", journey)).toEqual([0, 0, 1]);
    });

    it("last non-direct falls back to the last touch", () => {
      expect(credits("last_non_direct", journey)).toEqual([0, 0, 1]);
    });

    it("linear splits in thirds", () => {
      expectShares(credits("linear", journey), [1 / 3, 1 / 3, 1 / 3]);
    });
  });

  describe("a paid touch then a direct visit", () => {
    const journey = [touchAt(2, "paid_search"), touchAt(0, "direct")];

    it("credits the paid touch under first touch and last non-direct, the visit under last touch", () => {
      expect(credits("first_touch", journey)).toEqual([1, 0]);
      expect(credits("last_touch", journey)).toEqual([0, 1]);
      expect(credits("last_non_direct", journey)).toEqual([1, 0]);
    });

    it("linear and position-based split evenly (40/40 over two touches scales to 50/50)", () => {
      expectShares(credits("linear", journey), [0.5, 0.5]);
      expectShares(credits("position_based", journey), [0.5, 0.5]);
    });

    it("position-based with uneven ends keeps their ratio over two touches", () => {
      // 0.3 : 0.5 scaled to sum 1 -> 0.375 : 0.625.
      expectShares(credits("position_based", journey, { ...SETTINGS, positionBased: { first: 0.3, last: 0.5 } }), [0.375, 0.625]);
    });

    it("time decay weighs the paid touch 2^(-2/7) against the visit's 1", () => {
      // 2^(-2/7) = 0.820335; shares 0.820335 / 1.820335 = 0.450651 and 1 / 1.820335 = 0.549349.
      const shares = credits("time_decay", journey);
      expect(shares[0]).toBeCloseTo(0.450651, 5);
      expect(shares[1]).toBeCloseTo(0.549349, 5);
    });
  });

  describe("five touches over ten days", () => {
    // 10, 7, 4, 1 and 0 days before the order.
    const journey = [
      touchAt(10, "paid_social"),
      touchAt(7, "email", { paid: false }),
      touchAt(4, "direct"),
      touchAt(1, "paid_search"),
      touchAt(0, "organic_search"),
    ];

    it("time decay with a 7-day half-life", () => {
      // weight = 2^(-days before / 7):
      //   10 d: 2^(-1.4286) = 0.371499    7 d: 2^(-1) = 0.5    4 d: 2^(-0.5714) = 0.672950
      //    1 d: 2^(-0.1429) = 0.905724    0 d: 1
      // sum = 3.450172; shares = weight / sum:
      //   0.107675, 0.144920, 0.195048, 0.262515, 0.289841
      const shares = credits("time_decay", journey);
      [0.107675, 0.14492, 0.195048, 0.262515, 0.289841].forEach((expected, i) => expect(shares[i]).toBeCloseTo(expected, 5));
      expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    });

    it("time decay with a 1-day half-life leans hard on the last days", () => {
      // weights 2^-10, 2^-7, 2^-4, 2^-1, 1 = (1, 8, 64, 512, 1024) / 1024, summing to 1609 / 1024.
      expectShares(credits("time_decay", journey, { ...SETTINGS, halfLifeDays: 1 }), [1, 8, 64, 512, 1024].map((x) => x / 1609));
    });

    it("position-based 40/20/40: the three middle touches share 20%", () => {
      expectShares(credits("position_based", journey), [0.4, 0.2 / 3, 0.2 / 3, 0.2 / 3, 0.4]);
    });

    it("position-based 30/50: the middle shares the remaining 20%", () => {
      expectShares(credits("position_based", journey, { ...SETTINGS, positionBased: { first: 0.3, last: 0.5 } }), [
        0.3,
        0.2 / 3,
        0.2 / 3,
        0.2 / 3,
        0.5,
      ]);
    });

    it("last non-direct skips nothing here (the last touch is organic search)", () => {
      expect(credits("last_non_direct", journey)).toEqual([0, 0, 0, 0, 1]);
      expect(credits("last_non_direct", journey.slice(0, 3))).toEqual([0, 1, 0]);
    });

    it("linear gives a fifth each", () => {
      expectShares(credits("linear", journey), [0.2, 0.2, 0.2, 0.2, 0.2]);
    });
  });

  describe("ties in time", () => {
    const tied = [touchAt(3, "paid_social"), touchAt(3, "paid_search"), touchAt(1, "email", { paid: false }), touchAt(1, "direct")];

    it("first and last among tied touches are the earlier and later given", () => {
      expect(credits("first_touch", tied)).toEqual([1, 0, 0, 0]);
      expect(credits("last_touch", tied)).toEqual([0, 0, 0, 1]);
      expect(credits("last_non_direct", tied)).toEqual([0, 0, 1, 0]);
    });

    it("time decay weighs tied touches equally", () => {
      // 2^(-3/7) = 0.742997 and 2^(-1/7) = 0.905724, twice each: sum 3.297442.
      const shares = credits("time_decay", tied);
      expect(shares[0]).toBe(shares[1]);
      expect(shares[2]).toBe(shares[3]);
      expect(shares[0]).toBeCloseTo(0.742997 / 3.297442, 5);
    });

    it("position-based ends are the first and last given among ties", () => {
      expectShares(credits("position_based", tied), [0.4, 0.1, 0.1, 0.4]);
    });
  });

  it("orders touches given out of time order before picking first and last, answering in input order", () => {
    const shuffled = [touchAt(1, "email", { paid: false }), touchAt(6, "paid_social"), touchAt(0, "direct"), touchAt(6, "paid_video")];
    expect(credits("first_touch", shuffled)).toEqual([0, 1, 0, 0]);
    expect(credits("last_touch", shuffled)).toEqual([0, 0, 1, 0]);
    expect(credits("last_non_direct", shuffled)).toEqual([1, 0, 0, 0]);
    // In time: paid_social, paid_video (tied, input order), email, direct.
    expectShares(credits("position_based", shuffled), [0.1, 0.4, 0.4, 0.1]);
  });

  it("counts a touch recorded after the order as at the order", () => {
    expectShares(credits("time_decay", [touchAt(7, "paid_social"), touchAt(-1, "direct")]), [1 / 3, 2 / 3]);
  });

  it("refuses settings that would not sum to 1", () => {
    const journey = [touchAt(2, "paid_social"), touchAt(1, "email"), touchAt(0, "direct")];
    expect(() => credits("time_decay", journey, { ...SETTINGS, halfLifeDays: 0 })).toThrow(RangeError);
    expect(() => credits("position_based", journey, { ...SETTINGS, positionBased: { first: 0.7, last: 0.4 } })).toThrow(RangeError);
  });
});
