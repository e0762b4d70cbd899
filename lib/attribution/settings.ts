import { z } from "zod";
import { db } from "@/lib/db/client";
import {
  DEFAULT_MODEL_SETTINGS,
  attributionModelSchema,
  lookbackWindowSchema,
  modelSettingsSchema,
  type AttributionModel,
  type LookbackWindow,
  type ModelSettings,
} from "./models";

// A workspace's attribution settings: the models' parameters (time decay's half-life,
// position-based shares) and what reports show unless asked otherwise. No row: the defaults.

export type TAttributionSettings = { model: ModelSettings; defaultModel: AttributionModel; defaultWindow: LookbackWindow };

export const DEFAULT_ATTRIBUTION_SETTINGS: TAttributionSettings = {
  model: DEFAULT_MODEL_SETTINGS,
  defaultModel: "last_non_direct",
  defaultWindow: 28,
};

export const ZAttributionSettingsInput = z.object({
  model: modelSettingsSchema,
  defaultModel: attributionModelSchema.default(DEFAULT_ATTRIBUTION_SETTINGS.defaultModel),
  defaultWindow: lookbackWindowSchema.default(DEFAULT_ATTRIBUTION_SETTINGS.defaultWindow),
});

export async function getAttributionSettings(workspaceId: string): Promise<TAttributionSettings> {
  const row = await db.attributionSettings.findUnique({ where: { workspaceId } });
  if (!row) return DEFAULT_ATTRIBUTION_SETTINGS;
  return {
    model: { halfLifeDays: row.halfLifeDays, positionBased: { first: row.positionFirst, last: row.positionLast } },
    defaultModel: attributionModelSchema.parse(row.defaultModel),
    defaultWindow: lookbackWindowSchema.parse(row.defaultWindow),
  };
}
