import { db } from "@/lib/db/client";
import { MINIMUM_CUSTOMERS, MINIMUM_REPEAT_CUSTOMERS } from "@/lib/ltv/model";
import type { TLtvBacktest, TLtvModel } from "./schema";

// The stored fit (ltv_models) read for the API and the model page: a workspace without a fit yet
// answers status "none" with what will bring one, rather than a 404 that reads like a wrong address.

const MESSAGES = {
  none: "No model has been fitted yet. It is fitted each night, after a store's history has loaded, or now with Fit now.",
  fitted: "The model is fitted on the workspace's customers.",
  not_enough_data: "There is not enough data to fit the model yet.",
  failed: "The last fit failed.",
} as const;

export async function getLtvModel(workspace: { id: string; currency: string }): Promise<TLtvModel> {
  const row = await db.ltvModel.findUnique({ where: { workspaceId: workspace.id } });
  const base = { currency: workspace.currency, minimum_customers: MINIMUM_CUSTOMERS, minimum_repeat_customers: MINIMUM_REPEAT_CUSTOMERS };
  if (!row) {
    return {
      ...base, status: "none", message: MESSAGES.none, reason: null, parameters: null, fitted_at: null, calibration_end: null,
      customers: 0, repeat_customers: 0, duration_ms: null, backtest: null, cohorts: [],
    };
  }
  return {
    ...base,
    status: row.status,
    message: MESSAGES[row.status],
    reason: row.reason,
    parameters: (row.parameters as TLtvModel["parameters"]) ?? null,
    fitted_at: row.fittedAt.toISOString(),
    calibration_end: row.calibrationEnd.toISOString().slice(0, 10),
    customers: row.customers,
    repeat_customers: row.repeatCustomers,
    duration_ms: row.durationMs,
    backtest: (row.backtest as TLtvBacktest | null) ?? null,
    cohorts: row.cohorts as TLtvModel["cohorts"],
  };
}
