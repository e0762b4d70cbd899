import { describe, expect, it } from "vitest";
import { fitsAmount, fitsInt4, fitsInt8 } from "./column-ranges";

describe("column ranges", () => {
  it("hold integer and bigint up to their last value", () => {
    expect([fitsInt4(2_147_483_647), fitsInt4(2_147_483_648), fitsInt4(-2_147_483_648), fitsInt4(-2_147_483_649), fitsInt4(1.5)]).toEqual([true, false, true, false, false]);
    expect([fitsInt8(2n ** 63n - 1n), fitsInt8(2n ** 63n), fitsInt8(-(2n ** 63n))]).toEqual([true, false, true]);
  });

  it("hold amounts of up to 16 digits before the point, leading zeros aside", () => {
    expect(fitsAmount("1234567890123456.78")).toBe(true);
    expect(fitsAmount("-000001234567890123456")).toBe(true);
    expect(fitsAmount("12345678901234567")).toBe(false);
    // Rounded to 4 places, it would need a 17th digit.
    expect(fitsAmount("9999999999999999.99999")).toBe(false);
  });
});
