import type { TLtvModel } from "@/lib/ltv/schema";

// Example answers of the LTV model's endpoints, for the reference page.

const row = (customers: number, predictedOrders: number, actualOrders: number, predicted: string, actual: string) => ({
  customers, predicted_orders: predictedOrders, actual_orders: actualOrders, predicted_revenue: predicted, actual_revenue: actual,
});

export const LTV_MODEL_EXAMPLE: TLtvModel = {
  status: "fitted",
  message: "The model is fitted on the workspace's customers.",
  reason: null,
  currency: "USD",
  parameters: { r: 0.412, alpha: 6.93, a: 0.87, b: 3.12, p: 5.8, q: 3.9, gamma: 214.6 },
  fitted_at: "2026-12-04T03:00:12.481Z",
  calibration_end: "2026-12-03",
  customers: 18_420,
  repeat_customers: 5_311,
  minimum_customers: 100,
  minimum_repeat_customers: 30,
  duration_ms: 2_914,
  backtest: {
    status: "done",
    cut_off: "2026-09-04",
    holdout_from: "2026-09-05",
    holdout_to: "2026-12-03",
    holdout_days: 90,
    customers: 15_102,
    repeat_customers: 4_208,
    overall: row(15_102, 2_412.37, 2_305, "231904.18", "224310.55"),
    deciles: [
      { decile: 1, ...row(1_510, 988.2, 941, "102331.40", "99127.02") },
      { decile: 10, ...row(1_511, 21.4, 17, "1480.95", "1288.10") },
    ],
    cohorts: [{ cohort: "2026-01-01", ...row(1_288, 190.6, 176, "18410.22", "17055.80") }],
    mape: { orders: 0.0912, revenue: 0.1034 },
    decile_calibration: { orders: 0.0755, revenue: 0.0821 },
  },
  cohorts: [{ cohort: "2026-01-01", customers: 1_288, predicted: "412.35" }],
};

export const LTV_FIT_ACCEPTED_EXAMPLE = {
  status: "queued",
  requested_at: "2026-12-04T14:31:00.000Z",
  poll: "/api/v1/workspaces/acme/models/ltv",
};
