// Fitting both models for a store, with the rule for when its data is too thin to trust them: the
// answer is then a typed "not enough data" result saying why, never NaN parameters or a throw.
import { fitBgNbd, type BgNbdParams } from "./bgnbd";
import { fitGammaGamma, type GammaGammaParams, type SpendSummary } from "./gamma-gamma";
import { checkSummary, type CustomerSummary } from "./types";

/** Below this many customers the four BG/NBD parameters are noise. */
export const MINIMUM_CUSTOMERS = 100;
/** Below this many repeat customers (with a positive mean repeat value) Gamma-Gamma is noise. */
export const MINIMUM_REPEAT_CUSTOMERS = 30;

export interface FittedLtvModel {
  kind: "fitted";
  /** Days per unit of the summaries' times (7: weeks); alpha is per that unit. */
  unitDays: number;
  bgnbd: BgNbdParams;
  gammaGamma: GammaGammaParams;
  logLikelihood: { bgnbd: number; gammaGamma: number };
  customers: number;
  repeatCustomers: number;
}

export type NotEnoughDataReason =
  | "too_few_customers"
  | "too_few_repeat_customers"
  | "did_not_converge"
  | "parameter_at_bound"
  | "mean_spend_unbounded";

export interface NotEnoughData {
  kind: "not_enough_data";
  reason: NotEnoughDataReason;
  /** One sentence for the person looking at the model page. */
  message: string;
  /** The model that failed, when a fit was tried. */
  model?: "bgnbd" | "gamma_gamma";
  /** The parameters on the search box's wall, for "parameter_at_bound". */
  parameters?: string[];
  customers: number;
  repeatCustomers: number;
  minimumCustomers: number;
  minimumRepeatCustomers: number;
}

export type LtvFit = FittedLtvModel | NotEnoughData;

export interface FitOptions {
  unitDays: number;
}

/** A repeat customer's spend in the Gamma-Gamma model's terms, or null when it has none to model. */
export function spendOf(customer: CustomerSummary): SpendSummary | null {
  if (customer.repeats === 0 || customer.meanRepeatValue === null) return null;
  const meanValue = Number(customer.meanRepeatValue);
  // Refunds can bring a mean to zero or below; Gamma-Gamma models positive spend only.
  return meanValue > 0 && Number.isFinite(meanValue) ? { repeats: customer.repeats, meanValue } : null;
}

/**
 * Fits BG/NBD on every customer and Gamma-Gamma on the repeat customers. Not enough data when:
 * fewer than MINIMUM_CUSTOMERS customers or MINIMUM_REPEAT_CUSTOMERS repeat customers; either fit
 * does not converge; a parameter ends on the search box's wall (the data cannot tell it from 0 or
 * infinity); or Gamma-Gamma's q <= 1, which leaves the population's mean spend infinite.
 */
export function fitLtvModel(customers: readonly CustomerSummary[], options: FitOptions): LtvFit {
  if (!(options.unitDays > 0)) throw new RangeError(`unitDays must be positive, got ${options.unitDays}.`);
  customers.forEach(checkSummary);
  const spend = customers.map(spendOf).filter((s): s is SpendSummary => s !== null);
  const counts = {
    customers: customers.length,
    repeatCustomers: spend.length,
    minimumCustomers: MINIMUM_CUSTOMERS,
    minimumRepeatCustomers: MINIMUM_REPEAT_CUSTOMERS,
  };
  const notEnough = (reason: NotEnoughDataReason, message: string, extra: Partial<NotEnoughData> = {}): NotEnoughData => ({
    kind: "not_enough_data",
    reason,
    message,
    ...extra,
    ...counts,
  });

  if (customers.length < MINIMUM_CUSTOMERS) {
    return notEnough("too_few_customers", `The model needs at least ${MINIMUM_CUSTOMERS} customers; there are ${customers.length}.`);
  }
  if (spend.length < MINIMUM_REPEAT_CUSTOMERS) {
    return notEnough(
      "too_few_repeat_customers",
      `The model needs at least ${MINIMUM_REPEAT_CUSTOMERS} customers who bought again; there are ${spend.length}.`,
    );
  }

  const bgnbd = fitBgNbd(customers);
  if (!bgnbd.converged) {
    return notEnough("did_not_converge", "The purchase-frequency model did not settle on parameters; more history should help.", { model: "bgnbd" });
  }
  if (bgnbd.atBound.length > 0) {
    return notEnough("parameter_at_bound", `The purchase history cannot pin down ${bgnbd.atBound.join(", ")}; more history should help.`, {
      model: "bgnbd",
      parameters: bgnbd.atBound,
    });
  }
  const gammaGamma = fitGammaGamma(spend);
  if (!gammaGamma.converged) {
    return notEnough("did_not_converge", "The spend model did not settle on parameters; more repeat purchases should help.", { model: "gamma_gamma" });
  }
  if (gammaGamma.atBound.length > 0) {
    return notEnough("parameter_at_bound", `The repeat purchases cannot pin down ${gammaGamma.atBound.join(", ")}; more should help.`, {
      model: "gamma_gamma",
      parameters: gammaGamma.atBound,
    });
  }
  if (gammaGamma.params.q <= 1) {
    return notEnough("mean_spend_unbounded", "Spend varies too much between customers to estimate an average; more repeat purchases should help.", {
      model: "gamma_gamma",
    });
  }
  return {
    kind: "fitted",
    unitDays: options.unitDays,
    bgnbd: bgnbd.params,
    gammaGamma: gammaGamma.params,
    logLikelihood: { bgnbd: bgnbd.logLikelihood, gammaGamma: gammaGamma.logLikelihood },
    customers: customers.length,
    repeatCustomers: spend.length,
  };
}
