import { z } from "zod";
import { parseInput } from "@/lib/validation";
import { ATTRIBUTION_MODELS, LOOKBACK_WINDOWS, RULE_MODELS, type LookbackWindow, type ModelSettings } from "./types";

export const DEFAULT_MODEL_SETTINGS: ModelSettings = Object.freeze({
  halfLifeDays: 7,
  positionBased: Object.freeze({ first: 0.4, last: 0.4 }),
});

export const attributionModelSchema = z.enum(ATTRIBUTION_MODELS, {
  error: `Unknown model: use one of ${ATTRIBUTION_MODELS.join(", ")}.`,
});

export const ruleModelSchema = z.enum(RULE_MODELS, {
  error: `Unknown rule-based model: use one of ${RULE_MODELS.join(", ")}.`,
});

const windowMessage = `Unknown window: use one of ${LOOKBACK_WINDOWS.join(", ")} (days).`;

/** A lookback window in days; query strings arrive as text, so "28" is accepted as 28. */
export const lookbackWindowSchema = z
  .union([z.number(), z.string().regex(/^\d{1,3}$/, windowMessage).transform(Number)], { error: windowMessage })
  .refine((days): days is LookbackWindow => (LOOKBACK_WINDOWS as readonly number[]).includes(days), windowMessage)
  .transform((days) => days as LookbackWindow);

/** Query strings carry numbers as text; a number-like string is read as its number. */
const numberLike = (message: string) =>
  z.union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/, message).transform(Number)], { error: message });

const shareSchema = (which: string) => {
  const message = `The ${which} touch's share must be a number from 0 to 1.`;
  return numberLike(message).refine((share) => Number.isFinite(share) && share >= 0 && share <= 1, message);
};

export const modelSettingsSchema = z
  .object({
    halfLifeDays: numberLike("The half-life must be a number of days greater than 0.")
      .refine((days) => Number.isFinite(days) && days > 0, "The half-life must be a number of days greater than 0.")
      .default(DEFAULT_MODEL_SETTINGS.halfLifeDays),
    positionBased: z
      .object({
        first: shareSchema("first").default(DEFAULT_MODEL_SETTINGS.positionBased.first),
        last: shareSchema("last").default(DEFAULT_MODEL_SETTINGS.positionBased.last),
      })
      // Shares are decimals typed by people: 0.7 + 0.3 is 1.0000000000000002 in floating point.
      // Only judged when each share is itself in range, so one mistake gets one message.
      .refine((shares) => !(shares.first <= 1 && shares.last >= 0) || shares.first + shares.last <= 1 + 1e-9, "The first and last touches' shares must not add up to more than 1.")
      .default({ ...DEFAULT_MODEL_SETTINGS.positionBased }),
  })
  .default({ halfLifeDays: DEFAULT_MODEL_SETTINGS.halfLifeDays, positionBased: { ...DEFAULT_MODEL_SETTINGS.positionBased } });

/** Settings from a request or a stored row; a 400 naming the parameter when one is out of range. */
export function parseModelSettings(input: unknown): ModelSettings {
  return parseInput(modelSettingsSchema, input ?? {});
}
