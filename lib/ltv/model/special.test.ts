import { describe, expect, it } from "vitest";
import { digamma, hyp2f1, logAddExp, logGamma } from "./special";

const relativeError = (actual: number, expected: number) => Math.abs(actual - expected) / Math.abs(expected);

describe("logGamma", () => {
  // Reference values computed to 20 digits with mpmath's loggamma.
  it.each([
    [1e-3, 6.9071788853838536617],
    [0.25, 1.2880225246980774574],
    [1 / 3, 0.98542064692776712714],
    [0.5, 0.57236494292470008707],
    [1.5, -0.12078223763524522235],
    [7.7, 7.9265413562690047789],
    [123.456, 469.6055471299294835],
    [1e5, 1051287.7089736568949],
  ])("ln Γ(%d) matches the reference", (x, expected) => {
    expect(relativeError(logGamma(x), expected)).toBeLessThan(1e-13);
  });

  it("equals ln((n-1)!) at whole numbers and keeps ln Γ(x+1) = ln Γ(x) + ln x", () => {
    let logFactorial = 0;
    for (let n = 1; n <= 170; n++) {
      expect(Math.abs(logGamma(n) - logFactorial)).toBeLessThan(1e-12 * Math.max(1, logFactorial));
      logFactorial += Math.log(n);
    }
    for (const x of [0.01, 0.3, 0.77, 2.5, 40.25]) {
      expect(Math.abs(logGamma(x + 1) - logGamma(x) - Math.log(x))).toBeLessThan(1e-12);
    }
  });

  it("is NaN outside the positive half-line", () => {
    expect(logGamma(0)).toBeNaN();
    expect(logGamma(-1.5)).toBeNaN();
  });
});

describe("digamma", () => {
  // Reference values computed to 20 digits with mpmath's digamma.
  it.each([
    [1e-3, -1000.5755719318102797],
    [0.25, -4.2274535333762654081],
    [1, -0.57721566490153286061],
    [1.5, 0.036489973978576520559],
    [5.999, 1.7059363290792256036],
    [6, 1.7061176684318004727],
    [13.7, 2.580455723899652534],
    [1e4, 9.2102903711428494036],
  ])("ψ(%d) matches the reference", (x, expected) => {
    expect(relativeError(digamma(x), expected)).toBeLessThan(1e-13);
  });

  it("is the slope of logGamma", () => {
    for (const x of [0.05, 0.9, 3.3, 250]) {
      const h = 1e-5 * x;
      expect(digamma(x)).toBeCloseTo((logGamma(x + h) - logGamma(x - h)) / (2 * h), 5);
    }
  });
});

describe("logAddExp", () => {
  it("adds in log space without overflow", () => {
    expect(logAddExp(Math.log(2), Math.log(3))).toBeCloseTo(Math.log(5), 14);
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.log(2), 12);
    expect(logAddExp(-Infinity, -3)).toBe(-3);
    expect(logAddExp(-3, -Infinity)).toBe(-3);
  });
});

describe("hyp2f1", () => {
  it("matches closed forms", () => {
    for (const z of [0, 0.1, 0.5, 0.9, 0.9999]) {
      // 2F1(1, 1; 2; z) = -ln(1 - z) / z
      const log = z === 0 ? 1 : -Math.log1p(-z) / z;
      expect(relativeError(hyp2f1(1, 1, 2, z), log)).toBeLessThan(1e-12);
      // 2F1(a, b; b; z) = (1 - z)^-a
      expect(relativeError(hyp2f1(0.7, 3.2, 3.2, z), Math.pow(1 - z, -0.7))).toBeLessThan(1e-12);
    }
    for (const s of [0.2, 0.6, 0.95]) {
      // 2F1(1/2, 1/2; 3/2; s²) = asin(s) / s and 2F1(1/2, 1; 3/2; s²) = atanh(s) / s
      expect(relativeError(hyp2f1(0.5, 0.5, 1.5, s * s), Math.asin(s) / s)).toBeLessThan(1e-12);
      expect(relativeError(hyp2f1(0.5, 1, 1.5, s * s), Math.atanh(s) / s)).toBeLessThan(1e-12);
    }
  });

  it("ends a terminating series exactly", () => {
    const [b, c, z] = [2.5, 1.5, 0.4];
    const polynomial = 1 + ((-2 * b) / c) * z + ((-2 * -1 * b * (b + 1)) / (c * (c + 1) * 2)) * z * z;
    expect(relativeError(hyp2f1(-2, b, c, z), polynomial)).toBeLessThan(1e-14);
  });

  // Reference values computed to 20 digits with mpmath's hyp2f1, including negative parameters,
  // terms that grow for a while before they shrink, and z close to 1.
  it.each([
    [1.5, 2.5, 3.7, 0.9, 6.9271050406138271042],
    [2.243, 4.426, 4.219, 0.5, 5.1616939013836138377],
    [0.3, -0.7, 2.1, 0.97, 0.89463005169614063651],
    [12.2, 30.5, 14.1, 0.8, 25581027242536557450.0],
    [2.3, 0.8, 0.6, 0.95, 2576.820614572993552],
  ])("2F1(%d, %d; %d; %d) matches the reference", (a, b, c, z, expected) => {
    expect(relativeError(hyp2f1(a, b, c, z), expected)).toBeLessThan(1e-12);
  });

  it("agrees with Euler's transformation 2F1(a,b;c;z) = (1-z)^(c-a-b) 2F1(c-a,c-b;c;z)", () => {
    for (const [a, b, c, z] of [
      [3.1, 5.2, 2.9, 0.7],
      [0.25, 2.4, 2.2, 0.93],
      [20.5, 21.4, 20.2, 0.6],
    ] as const) {
      const euler = Math.pow(1 - z, c - a - b) * hyp2f1(c - a, c - b, c, z);
      expect(relativeError(hyp2f1(a, b, c, z), euler)).toBeLessThan(1e-11);
    }
  });

  it("refuses arguments outside its domain", () => {
    expect(() => hyp2f1(1, 1, 2, 1)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, 2, -0.1)).toThrow(RangeError);
    expect(() => hyp2f1(1, 1, -2, 0.5)).toThrow(RangeError);
  });
});
