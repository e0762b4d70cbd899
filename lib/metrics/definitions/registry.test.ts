import { describe, expect, it } from "vitest";
import { emptyTotals, getMetric, isMetricId, METRICS, type Totals } from "./registry";

const SALES = ["gross_sales", "discounts", "returns", "net_sales", "shipping", "taxes", "total_sales", "orders", "units", "aov", "new_customers", "returning_customers", "repeat_rate"];
const ADS = ["ad_spend", "ad_revenue", "roas", "mer", "sessions", "conversion_rate", "cac", "cpc", "cpm", "ctr", "cpa"];

const compute = (id: string, totals: Totals) => {
  if (!isMetricId(id)) throw new Error(`unknown metric ${id}`);
  return getMetric(id).compute(totals);
};

describe("metric registry", () => {
  it("defines every metric once, with an id, label, format and a one-sentence description", () => {
    const ids = METRICS.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining([...SALES, ...ADS]));
    for (const m of METRICS) {
      // Digits too: the LTV windows are named by their days (ltv_90d).
      expect(m.id).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(m.label.trim()).not.toBe("");
      expect(["money", "count", "percent", "ratio"]).toContain(m.format);
      expect(m.description).toMatch(/^[A-Z].*\.$/);
      expect(m.description.split(/\.\s/)).toHaveLength(1);
    }
  });

  it("gives every metric a value of its format on empty totals, and null for every zero-denominator ratio", () => {
    const empty = emptyTotals("USD");
    for (const m of METRICS) {
      const value = m.compute(empty);
      if (m.format === "count") expect(value, m.id).toBe(0);
      else if (["aov", "repeat_rate", "roas", "mer", "conversion_rate", "cac", "cpc", "cpm", "ctr", "cpa", "romi", "ltv_90d", "ltv_365d", "predicted_ltv_12m", "ltv_cac", "attributed_roas", "win_rate", "avg_sales_cycle_days", "delivery_rate", "open_rate", "click_rate", "owned_roas"].includes(m.id)) expect(value, m.id).toBeNull();
      else expect(value, m.id).toBe("0.00");
    }
  });

  it("computes sales metrics exactly from base sums", () => {
    const t: Totals = {
      ...emptyTotals("USD"),
      gross_sales: "100.10", discounts: "0.20", returns: "10.00", shipping: "4.99", taxes: "7.01",
      orders: 3, units: 5, new_customers: 2, returning_customers: 1,
    };
    // net = 100.10 - 0.20 - 10.00 = 89.90; total = 89.90 + 4.99 + 7.01 = 101.90
    expect(compute("net_sales", t)).toBe("89.90");
    expect(compute("total_sales", t)).toBe("101.90");
    // aov = (100.10 - 0.20) / 3 = 99.90 / 3 = 33.30
    expect(compute("aov", t)).toBe("33.30");
    // repeat rate = 1 / (2 + 1) = 0.3333
    expect(compute("repeat_rate", t)).toBe("0.3333");
    expect(compute("units", t)).toBe(5);
  });

  it("computes ad and traffic metrics from their inputs", () => {
    const t: Totals = {
      ...emptyTotals("USD"),
      gross_sales: "500.00", orders: 4, new_customers: 2,
      ad_spend: "50.00", ad_revenue: "175.00", ad_clicks: 40, ad_impressions: 8_000, ad_conversions: "3", sessions: 200,
    };
    expect(compute("roas", t)).toBe("3.50"); // 175 / 50
    expect(compute("mer", t)).toBe("10.00"); // total sales 500 / 50
    expect(compute("conversion_rate", t)).toBe("0.02"); // 4 / 200
    expect(compute("cac", t)).toBe("25.00"); // 50 / 2
    expect(compute("cpc", t)).toBe("1.25"); // 50 / 40
    expect(compute("cpm", t)).toBe("6.25"); // 50 / 8000 × 1000
    expect(compute("ctr", t)).toBe("0.005"); // 40 / 8000
    expect(compute("cpa", t)).toBe("16.6667"); // 50 / 3
  });

  it("averages lifetime values over the customers whose window has ended, and divides LTV by CAC exactly", () => {
    const t: Totals = {
      ...emptyTotals("USD"),
      ltv_customers_90: 3, ltv_sales_90: "100.00", ltv_customers_365: 2, ltv_sales_365: "250.00", predicted_customers: 4, predicted_ltv: "1000.10",
      ad_spend: "90.00", new_customers: 3,
    };
    expect(compute("ltv_90d", t)).toBe("33.3333"); // 100 / 3
    expect(compute("ltv_365d", t)).toBe("125.00"); // 250 / 2
    expect(compute("predicted_ltv_12m", t)).toBe("250.025"); // 1000.10 / 4
    expect(compute("ltv_cac", t)).toBe("4.1667"); // 125 / (90 / 3 = 30)
    expect(compute("ltv_cac", { ...t, new_customers: 0 })).toBeNull(); // no CAC
    expect(compute("ltv_cac", { ...t, ad_spend: "0.00" })).toBeNull(); // zero spend: CAC 0, never infinity
    expect(compute("ltv_cac", { ...t, ltv_customers_365: 0, ltv_sales_365: "0.00" })).toBeNull(); // no 365-day LTV yet
  });
});

describe("owned-channel metrics", () => {
  it("computes rates over delivered sends and adds owned cost to spend only through its sums", () => {
    const t: Totals = {
      ...emptyTotals("USD"),
      owned_sends: 8, owned_delivered: 6, owned_opens: 3, owned_clicks: 2, owned_conversions: 1, owned_revenue: "30.00", owned_cost: "0.0600",
      gross_sales: "100.00", ad_spend: "9.94", new_customers: 2,
    };
    // 6 / 8 = 0.75; 3 / 6 = 0.5; 2 / 6 = 0.3333; 30 / 0.06 = 500.
    expect([compute("delivery_rate", t), compute("open_rate", t), compute("click_rate", t), compute("owned_roas", t)]).toEqual(["0.75", "0.50", "0.3333", "500.00"]);
    // (9.94 + 0.06) = 10: MER 100 / 10, CAC 10 / 2.
    expect([compute("mer", t), compute("cac", t)]).toEqual(["10.00", "5.00"]);
    expect([compute("mer", { ...t, owned_cost: "0.00" }), compute("cac", { ...t, owned_cost: "0.00" })]).toEqual(["10.0604", "4.97"]);
  });
});
