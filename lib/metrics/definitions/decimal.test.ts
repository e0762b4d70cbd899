import { describe, expect, it } from "vitest";
import { add, divide, formatDecimal, formatFixed, mulInt, parseDecimal, sub } from "./decimal";

describe("exact decimals", () => {
  it("parses decimal strings, integers and signs without floats", () => {
    expect(parseDecimal("12.3456")).toBe(123456n);
    expect(parseDecimal("0.1")).toBe(1000n);
    expect(parseDecimal("-7.5")).toBe(-75000n);
    expect(parseDecimal("+3")).toBe(30000n);
    expect(parseDecimal("42.")).toBe(420000n);
    expect(parseDecimal(5)).toBe(50000n);
    expect(parseDecimal(5n)).toBe(50000n);
    expect(parseDecimal("90071992547409930.0001")).toBe(900719925474099300001n);
  });

  it("rounds beyond four places half away from zero", () => {
    expect(parseDecimal("1.00005")).toBe(10001n);
    expect(parseDecimal("1.00004")).toBe(10000n);
    expect(parseDecimal("-1.00005")).toBe(-10001n);
  });

  it("rejects what is not a decimal, and non-integer numbers", () => {
    expect(() => parseDecimal("1e3")).toThrow(RangeError);
    expect(() => parseDecimal("")).toThrow(RangeError);
    expect(() => parseDecimal("1,50")).toThrow(RangeError);
    expect(() => parseDecimal(0.1)).toThrow(RangeError);
  });

  it("formats with at least two places and no needless zeros", () => {
    expect(formatDecimal(123456n)).toBe("12.3456");
    expect(formatDecimal(123450n)).toBe("12.345");
    expect(formatDecimal(120000n)).toBe("12.00");
    expect(formatDecimal(0n)).toBe("0.00");
    expect(formatDecimal(-50n)).toBe("-0.005");
    expect(formatDecimal(120000n, 0)).toBe("12");
    expect(formatDecimal(120000n, 4)).toBe("12.0000");
  });

  it("rounds to a fixed number of places for display, halves away from zero", () => {
    expect(formatFixed(parseDecimal("119225.1375"), 2)).toBe("119225.14");
    expect(formatFixed(parseDecimal("119225.1349"), 2)).toBe("119225.13");
    expect(formatFixed(parseDecimal("1234.5"), 0)).toBe("1235");
    expect(formatFixed(parseDecimal("-1234.5"), 0)).toBe("-1235");
    expect(formatFixed(parseDecimal("4.8"), 4)).toBe("4.8000");
    expect(formatFixed(parseDecimal("12"), 2)).toBe("12.00");
    expect(formatFixed(parseDecimal("1.2345"), 3)).toBe("1.235");
    // A tiny negative amount rounds to zero, not to "-0.00".
    expect(formatFixed(parseDecimal("-0.0040"), 2)).toBe("0.00");
    expect(() => formatFixed(1n, 5)).toThrow(RangeError);
  });

  it("adds where floats drift: 0.1 + 0.2 is 0.30", () => {
    expect(formatDecimal(add(parseDecimal("0.1"), parseDecimal("0.2")))).toBe("0.30");
    expect(formatDecimal(sub(parseDecimal("10.00"), parseDecimal("10.01")))).toBe("-0.01");
    expect(formatDecimal(mulInt(parseDecimal("1.25"), 1000))).toBe("1250.00");
  });

  it("divides to four places, halves away from zero, and gives null for a zero denominator", () => {
    expect(formatDecimal(divide(parseDecimal("211.49"), parseDecimal(4))!)).toBe("52.8725");
    expect(formatDecimal(divide(parseDecimal("10"), parseDecimal(3))!)).toBe("3.3333");
    expect(formatDecimal(divide(parseDecimal("20"), parseDecimal(3))!)).toBe("6.6667");
    expect(formatDecimal(divide(parseDecimal("0.00005"), parseDecimal(1))!)).toBe("0.0001");
    expect(formatDecimal(divide(parseDecimal("-20"), parseDecimal(3))!)).toBe("-6.6667");
    expect(divide(parseDecimal("5"), 0n)).toBeNull();
  });
});
