import { describe, expect, it } from "vitest";
import { apportionMinor, apportionSmall, SMALL_LIMIT, splitInFloat, splitInIntegers } from "./apportion";

const sum = (parts: bigint[]) => parts.reduce((a, b) => a + b, 0n);

describe("apportionMinor", () => {
  it("splits 100 cents in thirds as 34, 33, 33 (the tie goes to the first)", () => {
    expect(apportionMinor(100n, [1 / 3, 1 / 3, 1 / 3])).toEqual([34n, 33n, 33n]);
  });

  it("gives leftover units to the largest remainders, not the first", () => {
    // 1004 x (0.125, 0.375, 0.5) = 125.5, 376.5, 502: floors 125 + 376 + 502 = 1003, one unit left;
    // both remainders are .5, so the tie goes to the earlier share.
    expect(apportionMinor(1004n, [0.125, 0.375, 0.5])).toEqual([126n, 376n, 502n]);
    expect(apportionMinor(1004n, [0.375, 0.125, 0.5])).toEqual([377n, 125n, 502n]);
    // 10 x (0.14, 0.26, 0.6) = 1.4, 2.6, 6: floors 1 + 2 + 6 = 9; the largest remainder is .6.
    expect(apportionMinor(10n, [0.14, 0.26, 0.6])).toEqual([1n, 3n, 6n]);
  });

  it("takes shares relative to their sum", () => {
    expect(apportionMinor(9n, [2, 1])).toEqual([6n, 3n]);
  });

  it("sums exactly for awkward amounts and shares", () => {
    const shares = [0.107675, 0.14492, 0.195048, 0.262515, 0.289842];
    for (const total of [0n, 1n, 7n, 99_999n, 123_456_789_012_345_678n]) {
      const parts = apportionMinor(total, shares);
      expect(sum(parts)).toBe(total);
      expect(parts.every((part) => part >= 0n)).toBe(true);
    }
    const sevenths = apportionMinor(1n, new Array(7).fill(1 / 7));
    expect(sevenths).toEqual([1n, 0n, 0n, 0n, 0n, 0n, 0n]);
  });

  it("splits a refund like its amount, negated", () => {
    expect(apportionMinor(-100n, [1 / 3, 1 / 3, 1 / 3])).toEqual([-34n, -33n, -33n]);
  });

  it("keeps an amount beyond a double's exact range exact", () => {
    const total = 2n ** 70n + 3n;
    const parts = apportionMinor(total, [0.5, 0.5]);
    expect(sum(parts)).toBe(total);
    expect(parts[0]! - parts[1]!).toBe(1n);
  });

  it("answers nothing for no shares and refuses shares that cannot split", () => {
    expect(apportionMinor(500n, [])).toEqual([]);
    expect(apportionMinor(500n, [0.25])).toEqual([500n]);
    expect(() => apportionMinor(500n, [0, 0])).toThrow(RangeError);
    expect(() => apportionMinor(500n, [0.5, -0.5, 1])).toThrow(RangeError);
    expect(() => apportionMinor(500n, [Number.NaN, 1])).toThrow(RangeError);
  });
});

describe("apportionMinor's float and integer paths", () => {
  it("agree on many amounts and shares", () => {
    let seed = 11;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let run = 0; run < 5000; run++) {
      const shares = Array.from({ length: 1 + Math.floor(next() * 7) }, () => (next() < 0.2 ? 1 / 3 : next()));
      const shareSum = shares.reduce((a, b) => a + b, 0);
      const amount = Math.floor(next() * 10 ** (1 + Math.floor(next() * 9)));
      const float = splitInFloat(amount, shares, shareSum);
      expect(float, `${amount} by ${shares.join(", ")}`).toEqual(splitInIntegers(BigInt(amount), shares, shareSum));
      expect(sum(float)).toBe(BigInt(amount));
    }
  });

  it("splits exactly when float quotas land a hair off whole units", () => {
    // 10 · 0.7 is 7.000000000000001 in floating point.
    const parts = apportionMinor(10n, [0.1, 0.2, 0.7]);
    expect(parts).toEqual([1n, 2n, 7n]);
  });
});

describe("apportionSmall", () => {
  it("gives apportionMinor's parts, as numbers, for amounts up to 2^40 either way", () => {
    let seed = 5;
    const next = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let run = 0; run < 5000; run++) {
      const shares = Array.from({ length: 1 + Math.floor(next() * 7) }, () => (next() < 0.2 ? 1 / 3 : next() < 0.1 ? 0 : next()));
      if (!shares.some((s) => s > 0)) shares.push(1);
      const magnitude = run % 50 === 0 ? SMALL_LIMIT : Math.floor(next() * 10 ** (1 + Math.floor(next() * 12)));
      const amount = next() < 0.2 ? -magnitude : magnitude;
      const small = apportionSmall(amount, shares);
      expect(small, `${amount} by ${shares.join(", ")}`).toEqual(apportionMinor(BigInt(amount), shares).map(Number));
      expect(small.every((part) => !Object.is(part, -0))).toBe(true);
    }
  });

  it("refuses amounts it cannot split exactly in numbers, and shares apportionMinor refuses", () => {
    expect(() => apportionSmall(SMALL_LIMIT + 1, [1, 1])).toThrow(RangeError);
    expect(() => apportionSmall(1.5, [1, 1])).toThrow(RangeError);
    expect(() => apportionSmall(10, [0, 0])).toThrow(RangeError);
    expect(apportionSmall(10, [])).toEqual([]);
  });
});
