import { db } from "@/lib/db/client";
import { parseInput } from "@/lib/validation";
import { requestAttributionRecompute } from "./request";
import { ZAttributionSettingsInput, type TAttributionSettings } from "./settings";

/** Saves the settings (400 naming the field when one is out of range); credits change, so the recompute is queued. */
export async function saveAttributionSettings(workspaceId: string, input: unknown): Promise<TAttributionSettings> {
  const settings = parseInput(ZAttributionSettingsInput, input ?? {});
  const data = {
    halfLifeDays: settings.model.halfLifeDays,
    positionFirst: settings.model.positionBased.first,
    positionLast: settings.model.positionBased.last,
    defaultModel: settings.defaultModel,
    defaultWindow: settings.defaultWindow,
  };
  await db.attributionSettings.upsert({ where: { workspaceId }, create: { workspaceId, ...data }, update: data });
  await requestAttributionRecompute(workspaceId, "settings");
  return settings;
}
