import { describe, expect, it } from "vitest";
import { formatDecimal, parseDecimal } from "@/lib/metrics/definitions/decimal";
import { cacOf, curveOf, ltvToCac, paybackOffset, type CellSums, type CohortInput } from "./curves";

const cell = (active: number, orders: number, repeaters: number, net: string, profit: string): CellSums => ({
  customers: 0, activeCustomers: active, orders, newRepeaters: repeaters, netSales: parseDecimal(net), grossProfit: parseDecimal(profit), unconvertedEvents: 0,
});

function cohort(name: string, size: number, lastOffset: number, cells: CellSums[]): CohortInput {
  return { cohort: name, size, lastOffset, cells: new Map(cells.map((c, i) => [i, i === 0 ? { ...c, customers: size } : c])) };
}

const shown = (value: bigint | null) => (value === null ? null : formatDecimal(value));

describe("cohort curves", () => {
  // 10 customers in January: all active at 0 (12 orders, 600.00 net, 240.00 profit, 2 repeat
  // then), 4 active at offset 1 (5 orders, 250.00, 100.00, 3 more repeat), none at offset 2.
  const january = cohort("2026-01-01", 10, 2, [cell(10, 12, 2, "600", "240"), cell(4, 5, 3, "250", "100")]);
  // 5 customers in February, one month old: 5 active at 0 (5 orders, 500.00, 50.00).
  const february = cohort("2026-02-01", 5, 1, [cell(5, 5, 0, "500", "50")]);

  it("computes retention, cumulative LTV, repeat rate and net AOV of one cohort, with zero cells filled in", () => {
    const curve = curveOf([january]);
    expect(curve.map((p) => p.offset)).toEqual([0, 1, 2]);
    expect(curve.map((p) => shown(p.retention))).toEqual(["1.00", "0.40", "0.00"]);
    expect(curve.map((p) => shown(p.ltv))).toEqual(["60.00", "85.00", "85.00"]);
    expect(curve.map((p) => shown(p.grossProfitPerCustomer))).toEqual(["24.00", "34.00", "34.00"]);
    expect(curve.map((p) => shown(p.repeatRate))).toEqual(["0.20", "0.50", "0.50"]);
    expect(curve.map((p) => shown(p.ordersPerCustomer))).toEqual(["1.20", "1.70", "1.70"]);
    // AOV is the period's own: 600 / 12, 250 / 5, and n/a without orders.
    expect(curve.map((p) => shown(p.aov))).toEqual(["50.00", "50.00", null]);
    expect(curve.map((p) => p.complete)).toEqual([true, true, false]);
  });

  it("counts at offset k only the cohorts whose period k has started", () => {
    const curve = curveOf([january, february]);
    expect(curve.map((p) => p.customers)).toEqual([15, 15, 10]);
    // Offset 1: January's 4 plus February's 0 of 15 customers; offset 2: January's 0 of 10.
    expect(curve.map((p) => shown(p.retention))).toEqual(["1.00", "0.2667", "0.00"]);
    // Offset 0: (600 + 500) / 15; offset 1: (850 + 500) / 15; offset 2: January alone, 850 / 10.
    expect(curve.map((p) => shown(p.ltv))).toEqual(["73.3333", "90.00", "85.00"]);
    expect(curve.map((p) => p.complete)).toEqual([true, false, false]);
  });

  it("has no cells for a cohort of no customers, and n/a ratios for an empty one", () => {
    expect(curveOf([])).toEqual([]);
    const empty = curveOf([cohort("2026-03-01", 0, 0, [])]);
    expect(empty[0]!.retention).toBeNull();
    expect(empty[0]!.ltv).toBeNull();
  });

  it("leaves CAC, LTV:CAC and payback n/a without spend, never 0", () => {
    const curve = curveOf([january]);
    expect(cacOf(null, 10)).toBeNull();
    expect(cacOf(parseDecimal("0"), 10)).toBeNull();
    expect(paybackOffset(curve, null)).toBeNull();
    expect(ltvToCac(curve, 0, null, true)).toBeNull();
  });

  it("pays back at the first offset whose cumulative gross profit per customer reaches CAC", () => {
    const curve = curveOf([january]);
    const cac = cacOf(parseDecimal("300"), 10)!; // 30.00 per customer
    expect(shown(cac)).toBe("30.00");
    expect(paybackOffset(curve, cac)).toBe(1); // 24.00, then 34.00
    expect(paybackOffset(curve, cacOf(parseDecimal("400"), 10))).toBeNull(); // 40.00 not reached yet
    // LTV through offset 1 is 85.00: 85 / 30. Offset 2 is today's period, not over yet.
    expect(shown(ltvToCac(curve, 1, cac, true))).toBe("2.8333");
    expect(ltvToCac(curve, 2, cac, true)).toBeNull();
    expect(shown(ltvToCac(curve, 2, cac, false))).toBe("2.8333");
  });
});
