import { db } from "@/lib/db/client";
import { Prisma } from "@/lib/db/generated/client";
import { fitLtvModel, type FittedLtvModel } from "@/lib/ltv/model";
import { AppError } from "@/lib/errors";
import { localDate } from "@/lib/time/zone";
import { backtestWorkspace, type BacktestResult } from "./holdout";
import { runTagRulesAfterRecompute } from "@/lib/tags/rules/after-recompute";
import { clearPredictions, cohortPredictions, writePredictions, type CohortPrediction } from "./predictions";
import { summarizeCustomers, UNIT_DAYS } from "./summaries";
import { logger } from "@/lib/log";

const log = logger("ltv");

// A workspace's predicted-LTV fit, end to end: summaries from customer_events, BG/NBD + Gamma-Gamma,
// predictions onto the customers, the backtest, and the outcome in ltv_models. Too little data or
// an error is an outcome too (not_enough_data, failed), and leaves no prediction behind: a stale
// one would look current.

export type LtvFitStatus = "fitted" | "not_enough_data" | "failed";
export type FitOutcome = { status: LtvFitStatus; durationMs: number; customers: number; repeatCustomers: number };

/** The stored parameters: BG/NBD's alpha per week, Gamma-Gamma's gamma in the workspace currency. */
export function parametersOf(model: FittedLtvModel) {
  const { r, alpha, a, b } = model.bgnbd;
  const { p, q, gamma } = model.gammaGamma;
  return { r, alpha, a, b, p, q, gamma };
}

type Stored = {
  status: LtvFitStatus;
  reason: string | null;
  parameters: ReturnType<typeof parametersOf> | null;
  customers: number;
  repeatCustomers: number;
  calibrationEnd: string;
  backtest: BacktestResult | null;
  cohorts: CohortPrediction[];
};

async function store(workspaceId: string, outcome: Stored, started: number, fittedAt: Date): Promise<FitOutcome> {
  const durationMs = Date.now() - started;
  const data = {
    status: outcome.status,
    reason: outcome.reason,
    parameters: outcome.parameters ?? Prisma.DbNull,
    customers: outcome.customers,
    repeatCustomers: outcome.repeatCustomers,
    calibrationEnd: new Date(`${outcome.calibrationEnd}T00:00:00Z`),
    backtest: outcome.backtest ?? Prisma.DbNull,
    cohorts: outcome.cohorts,
    durationMs,
    fittedAt,
  };
  await db.ltvModel.upsert({ where: { workspaceId }, create: { workspaceId, ...data }, update: data });
  return { status: outcome.status, durationMs, customers: outcome.customers, repeatCustomers: outcome.repeatCustomers };
}

/**
 * Fits the workspace's model on every customer's history up to today (its time zone), writes the
 * predictions and the backtest, and records the outcome. Never throws for the data's sake; an error
 * is logged and recorded as `failed` (only a failure to record it is thrown).
 */
export async function fitWorkspaceModel(workspaceId: string, options: { now?: Date } = {}): Promise<FitOutcome> {
  const started = Date.now();
  const fittedAt = options.now ?? new Date();
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { timeZone: true } });
  if (!workspace) throw new AppError("not_found", "Workspace not found.");
  const calibrationEnd = localDate(fittedAt, workspace.timeZone);
  const base = { calibrationEnd, backtest: null, cohorts: [], parameters: null };
  let counts = { customers: 0, repeatCustomers: 0 };
  try {
    const customers = await summarizeCustomers(workspaceId, calibrationEnd);
    const fit = fitLtvModel(
      customers.map((c) => c.summary),
      { unitDays: UNIT_DAYS },
    );
    counts = { customers: fit.customers, repeatCustomers: fit.repeatCustomers };
    if (fit.kind !== "fitted") {
      await clearPredictions(workspaceId);
      return await store(workspaceId, { ...base, ...counts, status: "not_enough_data", reason: fit.message }, started, fittedAt);
    }
    await writePredictions(workspaceId, fit, customers, fittedAt);
    const cohorts = await cohortPredictions(workspaceId, fittedAt);
    const backtest = await backtestWorkspace(workspaceId, calibrationEnd);
    await runTagRulesAfterRecompute(workspaceId, fittedAt);
    return await store(workspaceId, { ...base, ...counts, status: "fitted", reason: null, parameters: parametersOf(fit), backtest, cohorts }, started, fittedAt);
  } catch (error) {
    log.error("fit failed", { workspaceId, err: error });
    await clearPredictions(workspaceId);
    const message = error instanceof Error ? error.message : String(error);
    const reason = `The model could not be fitted (${message.slice(0, 300) || "unknown error"}). It is tried again tonight, or with Fit now.`;
    return store(workspaceId, { ...base, ...counts, status: "failed", reason }, started, fittedAt);
  }
}
