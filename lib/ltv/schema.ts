import { z } from "zod";

// The LTV model as the API and the model page show it. Money is a decimal string in `currency`;
// errors (MAPE) are fractions (0.12 = 12 %), null when no cohort or decile had an actual above 0.

const ZRow = z.object({
  customers: z.number().int(),
  predicted_orders: z.number().describe("Expected order days, summed over the customers."),
  actual_orders: z.number().int().describe("Order days the same customers had in the holdout."),
  predicted_revenue: z.string(),
  actual_revenue: z.string().describe("Their orders' net sales in the holdout (refunds aside, as the spend model counts them)."),
});

const ZError = z.object({ orders: z.number().nullable(), revenue: z.number().nullable() });

export const ZLtvBacktestSchema = z.object({
  status: z.enum(["done", "skipped", "not_enough_data"]).describe("`skipped` when the history is too short for a holdout; `not_enough_data` when the history before the holdout could not be fitted."),
  reason: z.string().optional().describe("Why there are no figures, for `skipped` and `not_enough_data`."),
  cut_off: z.string().describe("The last day of the history the backtest's model was fitted on."),
  holdout_from: z.string(),
  holdout_to: z.string(),
  holdout_days: z.number().int(),
  customers: z.number().int().optional(),
  repeat_customers: z.number().int().optional(),
  overall: ZRow.optional(),
  deciles: z.array(ZRow.extend({ decile: z.number().int().describe("1 holds the tenth of customers with the highest predicted revenue.") })).optional(),
  cohorts: z.array(ZRow.extend({ cohort: z.string().describe("First day of the month of the first order.") })).optional(),
  mape: ZError.optional().describe("Mean absolute percentage error of the month cohorts' totals."),
  decile_calibration: ZError.optional().describe("The same error over the ten deciles."),
});

export const ZLtvModelSchema = z.object({
  status: z.enum(["none", "fitted", "not_enough_data", "failed"]).describe("`none` until the first fit has run."),
  message: z.string().describe("One sentence on the state of the model, for people."),
  reason: z.string().nullable().describe("Why there is no fit: too little data (and what is needed) or the error."),
  currency: z.string(),
  parameters: z
    .object({ r: z.number(), alpha: z.number(), a: z.number(), b: z.number(), p: z.number(), q: z.number(), gamma: z.number() })
    .nullable()
    .describe("BG/NBD (r, alpha per week, a, b) and Gamma-Gamma (p, q, gamma in `currency`)."),
  fitted_at: z.string().nullable().describe("ISO 8601."),
  calibration_end: z.string().nullable().describe("Histories up to this day (workspace time zone) were used."),
  customers: z.number().int(),
  repeat_customers: z.number().int().describe("Customers with a repeat order of positive value, the spend model's data."),
  minimum_customers: z.number().int(),
  minimum_repeat_customers: z.number().int(),
  duration_ms: z.number().int().nullable(),
  backtest: ZLtvBacktestSchema.nullable(),
  cohorts: z.array(z.object({ cohort: z.string(), customers: z.number().int(), predicted: z.string().describe("Mean predicted 12-month LTV.") })),
});
export type TLtvModel = z.infer<typeof ZLtvModelSchema>;
export type TLtvBacktest = z.infer<typeof ZLtvBacktestSchema>;

/** The fit request's body: nothing to set yet, so only an empty object (or no body) is accepted. */
export const ZLtvFitRequestSchema = z.object({}).strict();

export const ZLtvFitAcceptedSchema = z.object({
  status: z.literal("queued"),
  requested_at: z.string().describe("ISO 8601: the fit is done when the model's `fitted_at` is at or after this."),
  poll: z.string().describe("Where to read the model."),
});
