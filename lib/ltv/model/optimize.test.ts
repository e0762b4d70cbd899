import { describe, expect, it } from "vitest";
import { minimize, type ValueAndGradient } from "./optimize";

const rosenbrock = ([x, y]: readonly number[]): ValueAndGradient => ({
  value: (1 - x!) ** 2 + 100 * (y! - x! * x!) ** 2,
  gradient: [-2 * (1 - x!) - 400 * x! * (y! - x! * x!), 200 * (y! - x! * x!)],
});
const wide = { lower: [-10, -10], upper: [10, 10] };

describe("minimize", () => {
  it("finds the minimum of Rosenbrock's valley and says it converged", () => {
    const result = minimize(rosenbrock, [-1.2, 1], wide);
    expect(result.converged).toBe(true);
    expect(result.point[0]).toBeCloseTo(1, 6);
    expect(result.point[1]).toBeCloseTo(1, 6);
    expect(result.value).toBeLessThan(1e-12);
  });

  it("finds a four-dimensional minimum off the axes", () => {
    const centre = [0.3, -2, 4.5, 1];
    const f = (p: readonly number[]): ValueAndGradient => {
      const d = p.map((v, i) => v - centre[i]!);
      return {
        value: d.reduce((sum, di, i) => sum + (i + 1) * di * di, 0) + 0.5 * d[0]! * d[1]!,
        gradient: d.map((di, i) => 2 * (i + 1) * di + (i === 0 ? 0.5 * d[1]! : i === 1 ? 0.5 * d[0]! : 0)),
      };
    };
    const result = minimize(f, [0, 0, 0, 0], { lower: [-9, -9, -9, -9], upper: [9, 9, 9, 9] });
    expect(result.converged).toBe(true);
    result.point.forEach((v, i) => expect(v).toBeCloseTo(centre[i]!, 6));
  });

  it("stops on the box's wall when the minimum lies beyond it, and still converges along the free axis", () => {
    const f = ([x, y]: readonly number[]): ValueAndGradient => ({
      value: (x! - 5) ** 2 + (y! + 1) ** 2 + x! * y!,
      gradient: [2 * (x! - 5) + y!, 2 * (y! + 1) + x!],
    });
    const result = minimize(f, [0, 0], { lower: [-2, -2], upper: [2, 2] });
    expect(result.converged).toBe(true);
    expect(result.point[0]).toBe(2);
    expect(result.point[1]).toBeCloseTo(-2, 6);
  });

  it("reports no convergence when its iterations run out", () => {
    const result = minimize(rosenbrock, [-1.2, 1], { ...wide, maxIterations: 3 });
    expect(result.converged).toBe(false);
  });

  it("backs off from points where the objective is not finite", () => {
    const f = ([x]: readonly number[]): ValueAndGradient =>
      x! > 2 ? { value: Number.NaN, gradient: [Number.NaN] } : { value: (x! - 1.5) ** 2 - Math.log(2 - x! + 1e-300), gradient: [2 * (x! - 1.5) + 1 / (2 - x!)] };
    const result = minimize(f, [-3], { lower: [-5], upper: [5] });
    expect(result.converged).toBe(true);
    // Minimum of (x - 1.5)² - ln(2 - x): 2(x - 1.5)(2 - x) = -1.
    expect(2 * (result.point[0]! - 1.5) * (2 - result.point[0]!)).toBeCloseTo(-1, 6);
  });

  it("gives up at once on a start where the objective is not finite", () => {
    const result = minimize(() => ({ value: Infinity, gradient: [0] }), [1], { lower: [0], upper: [2] });
    expect(result).toMatchObject({ converged: false, iterations: 0 });
  });
});
