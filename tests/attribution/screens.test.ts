import { describe, expect, it } from "vitest";
import { runModelComparison } from "@/lib/attribution/comparison";
import { dataDrivenEvidence } from "@/lib/attribution/evidence";
import { fitWorkspaceModels } from "@/lib/attribution/fits";
import { attributeOrders } from "@/lib/attribution/recompute";
import { parseAttributionQuery, runAttributionReport } from "@/lib/attribution/report";
import { ATTRIBUTION_MODELS } from "@/lib/attribution/models";
import { workspaceWithSpend } from "./screen-support";

// The attribution page's other views: every model side by side, and the data-driven models' evidence.

const query = (q: string) => parseAttributionQuery(new URLSearchParams(`date_from=2026-11-01&date_to=2026-11-30&${q}`));

async function fitted() {
  const store = await workspaceWithSpend();
  await fitWorkspaceModels(store.workspace.id);
  // Credit under the new fits, as the nightly recompute does after fitting.
  await attributeOrders(store.workspace.id, [9101n, 9102n].map((orderId) => ({ connectionId: store.connection.id, orderId })));
  return store;
}

describe("the model comparison", () => {
  it("has a column per model whose values are that model's report, for revenue and for orders", async () => {
    const { workspace } = await fitted();
    for (const measure of ["revenue", "orders"] as const) {
      const comparison = await runModelComparison(workspace.id, query("window=7&group_by=channel"), measure);
      expect(comparison.models).toEqual([...ATTRIBUTION_MODELS]);
      expect(comparison.unfitted).toEqual([]);
      for (const model of comparison.models) {
        const report = await runAttributionReport(workspace.id, query(`window=7&group_by=channel&model=${model}`));
        const fromReport = new Map(report.rows.map((r) => [r.key, measure === "revenue" ? r.revenue : r.attributed_orders]));
        const zero = measure === "revenue" ? "0.00" : "0.0000";
        for (const row of comparison.rows) expect(row.values[model], `${model} ${measure} ${row.key}`).toBe(fromReport.get(row.key) ?? zero);
        const credited = report.rows.filter((r) => r.attributed_orders !== "0.0000").map((r) => r.key);
        expect(comparison.rows.map((r) => r.key)).toEqual(expect.arrayContaining(credited));
        expect(comparison.totals[model]).toBe(measure === "revenue" ? report.totals.revenue : report.totals.attributed_orders);
      }
    }
    // The models disagree on this journey (google first, email last) but share out the same one order.
    const revenue = await runModelComparison(workspace.id, query("window=7"), "revenue");
    expect(revenue.rows.find((r) => r.key === "google")!.values).toMatchObject({ first_touch: "10.00", last_touch: "0.00", linear: "5.00" });
    expect(new Set(Object.values(revenue.totals))).toEqual(new Set(["10.00"]));
  });

  it("leaves out the data-driven models until they are fitted, and says so", async () => {
    const { workspace } = await workspaceWithSpend();
    const comparison = await runModelComparison(workspace.id, query("window=28"), "revenue");
    expect(comparison.unfitted).toEqual(["markov", "shapley"]);
    expect(comparison.models).not.toContain("markov");
  });
});

describe("the data-driven evidence", () => {
  it("shows the stored Markov fit's transition matrix and removal effects, and the Shapley values, with when and on what they were fitted", async () => {
    const { workspace } = await fitted();
    const evidence = await dataDrivenEvidence(workspace.id);
    // One journey, google then email then the order: each step is certain, and removing either channel loses the conversion.
    expect(evidence.markov).toMatchObject({
      journeys: 1, conversions: 1, windowDays: 90, conversionRate: 1,
      matrix: {
        from: ["start", "email", "google"],
        to: ["email", "google", "conversion", "null"],
        probabilities: [[0, 1, 0, 0], [0, 0, 1, 0], [1, 0, 0, 0]],
      },
      channels: [{ channel: "email", removalEffect: 1, weight: 0.5 }, { channel: "google", removalEffect: 1, weight: 0.5 }],
    });
    expect(evidence.markov!.fittedAt).toBeInstanceOf(Date);
    expect(evidence.shapley).toMatchObject({ journeys: 1, conversions: 1, channels: [{ channel: "email", value: 0.5, weight: 0.5 }, { channel: "google", value: 0.5, weight: 0.5 }] });
  });

  it("is empty for a workspace without a fit", async () => {
    const { workspace } = await workspaceWithSpend();
    expect(await dataDrivenEvidence(workspace.id)).toEqual({ markov: null, shapley: null });
  });
});
