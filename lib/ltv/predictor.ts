import type { CustomerSummary, FittedLtvModel } from "@/lib/ltv/model";
import { probabilityAlive } from "@/lib/ltv/model/bgnbd";
import { expectedOrdersOf, expectedOrderValueOf, moneyString } from "@/lib/ltv/model/predict";

// predictCustomer's numbers for many customers at once. P(active) and expected orders depend only
// on (repeats, recency, age) and the horizon, which most customers share with others (every
// one-time buyer of a given day has the same), so each is computed once per distinct history; the
// order value, which depends on the customer's own spend, is cheap and computed per customer.

export type Predictor = {
  probabilityActive(summary: CustomerSummary): number;
  expectedOrders(summary: CustomerSummary, days: number): number;
  /** Expected orders × expected order value, as predictCustomer writes it. */
  expectedRevenue(summary: CustomerSummary, orders: number): string;
};

export function predictorFor(model: FittedLtvModel): Predictor {
  const alive = new Map<string, number>();
  const orders = new Map<string, number>();
  const history = (s: CustomerSummary) => `${s.repeats}|${s.recency}|${s.age}`;
  return {
    probabilityActive(summary) {
      const key = history(summary);
      let value = alive.get(key);
      if (value === undefined) alive.set(key, (value = probabilityAlive(model.bgnbd, summary)));
      return value;
    },
    expectedOrders(summary, days) {
      const key = `${history(summary)}|${days}`;
      let value = orders.get(key);
      if (value === undefined) orders.set(key, (value = expectedOrdersOf(model, summary, days)));
      return value;
    },
    expectedRevenue: (summary, expected) => moneyString(expected * expectedOrderValueOf(model, summary)),
  };
}
