import { describe, expect, it } from "vitest";
import { solveLinearSystem } from "./linear-system";

describe("solveLinearSystem", () => {
  it("solves a system that needs a row swap", () => {
    // 0x + 2y + z = 7, x + y + z = 6, 2x + y + 3z = 13  →  x = 1, y = 2, z = 3.
    const x = solveLinearSystem(new Float64Array([0, 2, 1, 1, 1, 1, 2, 1, 3]), new Float64Array([7, 6, 13]), 3);
    [1, 2, 3].forEach((expected, i) => expect(x[i]).toBeCloseTo(expected, 12));
  });

  it("refuses a singular system", () => {
    expect(() => solveLinearSystem(new Float64Array([1, 2, 2, 4]), new Float64Array([1, 2]), 2)).toThrow(RangeError);
  });
});
