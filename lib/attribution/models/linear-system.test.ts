import { describe, expect, it } from "vitest";
import { invertMatrix } from "./linear-system";

describe("invertMatrix", () => {
  it("inverts a matrix that needs a row swap", () => {
    // [[0, 2, 1], [1, 1, 1], [2, 1, 3]] has determinant −3 and this inverse (cofactors / det):
    // [[−2/3, 5/3, −1/3], [1/3, 2/3, −1/3], [1/3, −4/3, 2/3]].
    const inverse = invertMatrix(new Float64Array([0, 2, 1, 1, 1, 1, 2, 1, 3]), 3);
    [-2 / 3, 5 / 3, -1 / 3, 1 / 3, 2 / 3, -1 / 3, 1 / 3, -4 / 3, 2 / 3].forEach((expected, i) => expect(inverse[i]).toBeCloseTo(expected, 12));
  });

  it("refuses a singular matrix", () => {
    expect(() => invertMatrix(new Float64Array([1, 2, 2, 4]), 2)).toThrow(RangeError);
  });
});
