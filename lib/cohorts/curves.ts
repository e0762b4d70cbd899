import { divide, parseDecimal, ZERO, type Dec } from "@/lib/metrics/definitions/decimal";

// Turning cohort_cells sums into the numbers a cohort report shows. A report row is one or more
// cohorts: one per row when cohorts are periods, every cohort in the range when they are a
// segment's values. At offset k a row counts only the cohorts whose period k has started, so young
// cohorts (which have no offset k yet) never pull a curve down.

/** What cohort_cells hold for one cohort (or several, summed) at one offset. */
export type CellSums = {
  customers: number;
  activeCustomers: number;
  orders: number;
  newRepeaters: number;
  netSales: Dec;
  grossProfit: Dec;
  unconvertedEvents: number;
};

export const emptySums = (): CellSums => ({
  customers: 0, activeCustomers: 0, orders: 0, newRepeaters: 0, netSales: ZERO, grossProfit: ZERO, unconvertedEvents: 0,
});

export function addSums(into: CellSums, more: CellSums): void {
  into.customers += more.customers;
  into.activeCustomers += more.activeCustomers;
  into.orders += more.orders;
  into.newRepeaters += more.newRepeaters;
  into.netSales += more.netSales;
  into.grossProfit += more.grossProfit;
  into.unconvertedEvents += more.unconvertedEvents;
}

/** One cohort: its size, the last offset that has started (today's period), and its cells by offset. */
export type CohortInput = { cohort: string; size: number; lastOffset: number; cells: Map<number, CellSums> };

/** A row's numbers at one offset, exact; ratios with a zero denominator are null. */
export type CurvePoint = {
  offset: number;
  /** Customers of the cohorts counted at this offset. */
  customers: number;
  activeCustomers: number;
  orders: number;
  netSales: Dec;
  grossProfit: Dec;
  retention: Dec | null;
  /** Orders from offset 0 through this one, per customer. */
  ordersPerCustomer: Dec | null;
  /** Customers with a second order by this offset, as a fraction of customers. */
  repeatRate: Dec | null;
  /** Net sales from offset 0 through this one, per customer (LTV). */
  ltv: Dec | null;
  grossProfitPerCustomer: Dec | null;
  /** Net sales / orders of this period alone (net, not gross minus discounts). */
  aov: Dec | null;
  /** Every counted cohort has finished this period. */
  complete: boolean;
  unconvertedEvents: number;
};

const count = (n: number): Dec => parseDecimal(n);

/** The row's curve at offsets 0..the last one any of its cohorts has reached. */
export function curveOf(cohorts: readonly CohortInput[]): CurvePoint[] {
  const last = Math.max(-1, ...cohorts.map((c) => c.lastOffset));
  const running = cohorts.map(() => ({ orders: 0, newRepeaters: 0, netSales: ZERO, grossProfit: ZERO }));
  const points: CurvePoint[] = [];
  for (let offset = 0; offset <= last; offset++) {
    const at = emptySums();
    let customers = 0;
    let complete = true;
    const cumulative = { orders: 0, newRepeaters: 0, netSales: ZERO, grossProfit: ZERO };
    cohorts.forEach((cohort, i) => {
      if (cohort.lastOffset < offset) return;
      const cell = cohort.cells.get(offset) ?? emptySums();
      const run = running[i]!;
      run.orders += cell.orders;
      run.newRepeaters += cell.newRepeaters;
      run.netSales += cell.netSales;
      run.grossProfit += cell.grossProfit;
      customers += cohort.size;
      if (cohort.lastOffset === offset) complete = false;
      addSums(at, cell);
      cumulative.orders += run.orders;
      cumulative.newRepeaters += run.newRepeaters;
      cumulative.netSales += run.netSales;
      cumulative.grossProfit += run.grossProfit;
    });
    const size = count(customers);
    points.push({
      offset,
      customers,
      activeCustomers: at.activeCustomers,
      orders: at.orders,
      netSales: at.netSales,
      grossProfit: at.grossProfit,
      retention: divide(count(at.activeCustomers), size),
      ordersPerCustomer: divide(count(cumulative.orders), size),
      repeatRate: divide(count(cumulative.newRepeaters), size),
      ltv: divide(cumulative.netSales, size),
      grossProfitPerCustomer: divide(cumulative.grossProfit, size),
      aov: divide(at.netSales, count(at.orders)),
      complete,
      unconvertedEvents: at.unconvertedEvents,
    });
  }
  return points;
}

/** Spend / customers; null without spend (n/a, never 0) or without customers. */
export function cacOf(spend: Dec | null, customers: number): Dec | null {
  if (spend === null || spend <= ZERO) return null;
  return divide(spend, count(customers));
}

/** The first offset where cumulative gross profit per customer reaches the CAC; null while it has not. */
export function paybackOffset(curve: readonly CurvePoint[], cac: Dec | null): number | null {
  if (cac === null) return null;
  return curve.find((p) => p.grossProfitPerCustomer !== null && p.grossProfitPerCustomer >= cac)?.offset ?? null;
}

/**
 * LTV through `offset` / CAC. For a single cohort only once that offset's period has ended (a
 * partial period would understate it); null without a CAC.
 */
export function ltvToCac(curve: readonly CurvePoint[], offset: number, cac: Dec | null, needComplete: boolean): Dec | null {
  const point = curve[offset];
  if (cac === null || !point || point.ltv === null || (needComplete && !point.complete)) return null;
  return divide(point.ltv, cac);
}
