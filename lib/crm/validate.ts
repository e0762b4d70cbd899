import type { CrmDealFact, CrmOutcome, CrmStageFact } from "@/lib/connectors/contracts/crm-source";
import { parseDecimal } from "@/lib/metrics/definitions/decimal";
import { currencyDecimals } from "@/lib/metrics/report/precision";

// A deal from any CRM checked before it is stored: an amount in minor units of a real currency,
// and a stage its pipeline has. What fails is said per field, for the connection's row errors.

/** `phone` is the deal's contact's: the deal is taken, its contact kept without the number. */
export type DealRowError = { field: "amount" | "currency" | "stage" | "phone"; message: string };

export type CheckedDeal = { fact: CrmDealFact; amountMinor: bigint; currency: string; status: CrmOutcome };

export type DealCheck = { ok: true; deal: CheckedDeal } | { ok: false; errors: DealRowError[] };

const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

export const stageKey = (pipelineId: string, stageId: string) => `${pipelineId}\u0000${stageId}`;

export function stageOutcomes(stages: Pick<CrmStageFact, "pipelineId" | "stageId" | "outcome">[]): Map<string, CrmOutcome> {
  return new Map(stages.map((stage) => [stageKey(stage.pipelineId, stage.stageId), stage.outcome]));
}

/** "1500.5" in a currency of `digits` minor places -> 150050n; null when it is not a plain decimal. */
export function toMinorUnits(amount: string, digits: number): bigint | null {
  let scaled: bigint;
  try {
    scaled = parseDecimal(amount);
  } catch {
    return null;
  }
  const step = 10n ** BigInt(4 - digits);
  const half = step / 2n;
  // Amounts finer than the minor unit round half away from zero, like every shown amount.
  return scaled >= 0n ? (scaled + half) / step : -((-scaled + half) / step);
}

export function checkDeal(fact: CrmDealFact, outcomes: Map<string, CrmOutcome>, accountCurrency: string | null): DealCheck {
  const errors: DealRowError[] = [];
  const currency = (fact.currency ?? accountCurrency)?.toUpperCase() ?? null;
  if (!currency) errors.push({ field: "currency", message: "The deal names no currency and the CRM account has none." });
  else if (!CURRENCIES.has(currency)) errors.push({ field: "currency", message: `"${currency}" is not a currency code.` });

  let amountMinor: bigint | null = null;
  if (fact.amount === null) errors.push({ field: "amount", message: "The deal has no amount." });
  else {
    amountMinor = toMinorUnits(fact.amount, currency && CURRENCIES.has(currency) ? currencyDecimals(currency) : 2);
    if (amountMinor === null) errors.push({ field: "amount", message: `"${fact.amount.slice(0, 40)}" is not an amount.` });
    else if (amountMinor < 0n) errors.push({ field: "amount", message: "The amount is negative." });
    // Past a bigint of minor units is far past any deal: refused rather than failing the page.
    else if (amountMinor > 10n ** 15n) errors.push({ field: "amount", message: "The amount is too large." });
  }

  const status = outcomes.get(stageKey(fact.pipelineId, fact.stageId));
  if (!status) errors.push({ field: "stage", message: `Stage "${fact.stageId.slice(0, 80)}" is not a stage of pipeline "${fact.pipelineId.slice(0, 80)}".` });

  if (errors.length > 0 || amountMinor === null || !currency || !status) return { ok: false, errors };
  return { ok: true, deal: { fact, amountMinor, currency, status } };
}
