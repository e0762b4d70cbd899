import { getPool } from "@/lib/db/pool";
import { parseDecimal, type Dec } from "@/lib/metrics/definitions/decimal";

// The latest predicted-LTV fit (written by the LTV job): its state, and the predicted 12-month LTV
// per monthly cohort that cohort reports show beside the actual curve.

export type LtvModelState = {
  status: "fitted" | "not_enough_data" | "failed";
  reason: string | null;
  fitted_at: string;
  /** Monthly cohort (YYYY-MM-01) -> predicted 12-month net sales per customer. */
  predicted: Map<string, Dec>;
};

type Row = { status: LtvModelState["status"]; reason: string | null; fitted_at: Date; cohorts: unknown };

/** Predicted per customer from the model's per-cohort entries ({ cohort, customers, predicted }), skipping malformed ones. */
function predictedByCohort(cohorts: unknown): Map<string, Dec> {
  const map = new Map<string, Dec>();
  if (!Array.isArray(cohorts)) return map;
  for (const entry of cohorts as Record<string, unknown>[]) {
    const cohort = typeof entry?.cohort === "string" ? entry.cohort.slice(0, 10) : null;
    const value = entry?.predicted;
    if (!cohort || (typeof value !== "string" && typeof value !== "number")) continue;
    try {
      map.set(cohort, parseDecimal(typeof value === "number" ? value.toFixed(4) : value));
    } catch {
      // An entry that is not a decimal is left out rather than shown wrong.
    }
  }
  return map;
}

export async function latestLtvModel(workspaceId: string): Promise<LtvModelState | null> {
  const result = await getPool().query<Row>(`SELECT status, reason, fitted_at, cohorts FROM ltv_models WHERE workspace_id = $1`, [workspaceId]);
  const row = result.rows[0];
  if (!row) return null;
  return {
    status: row.status,
    reason: row.reason,
    fitted_at: new Date(row.fitted_at).toISOString(),
    predicted: row.status === "fitted" ? predictedByCohort(row.cohorts) : new Map(),
  };
}
