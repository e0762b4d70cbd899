import { describe, expect, it } from "vitest";
import { fitLtvModel, predictCustomer, type CustomerSummary } from "@/lib/ltv/model";
import { simulateSummaries } from "@/lib/ltv/model/simulate";
import { predictorFor } from "./predictor";

describe("the shared-history predictor", () => {
  it("gives exactly predictCustomer's numbers, however many customers share a history", () => {
    const summaries: CustomerSummary[] = simulateSummaries({
      customers: 3_000, seed: 9, bgnbd: { r: 0.25, alpha: 30, a: 0.8, b: 2.4 }, gammaGamma: { p: 6, q: 3.7, gamma: 15 },
      acquiredFrom: "2025-01-01", acquiredTo: "2025-12-31", until: "2026-06-30",
    });
    const model = fitLtvModel(summaries, { unitDays: 1 });
    if (model.kind !== "fitted") throw new Error(model.message);
    const predictor = predictorFor(model);
    // Twice over, so the second pass is answered from what the first one computed.
    for (const summary of [...summaries, ...summaries].slice(0, 4_000)) {
      const expected = predictCustomer(model, summary, [90, 365, 17]);
      expect(predictor.probabilityActive(summary)).toBe(expected.probabilityActive);
      for (const h of expected.horizons) {
        const orders = predictor.expectedOrders(summary, h.days);
        expect(orders).toBe(h.expectedOrders);
        expect(predictor.expectedRevenue(summary, orders)).toBe(h.expectedRevenue);
      }
    }
  });
});
