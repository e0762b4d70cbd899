import { parseInput } from "@/lib/validation";
import { requestFullRecompute } from "./request";
import { saveActivitySettings, toBody, ZActivitySettingsSchema, type TActivitySettingsBody } from "./settings";

/** Validates and saves the settings (a 400 names the field), then asks for everyone's scores again. */
export async function updateActivitySettings(workspaceId: string, input: unknown, updatedBy: string | null): Promise<TActivitySettingsBody> {
  const body = parseInput(ZActivitySettingsSchema, input);
  const saved = await saveActivitySettings(workspaceId, body, updatedBy);
  await requestFullRecompute(workspaceId);
  return toBody(saved);
}
