import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { describeSchedule, nextRunAfter } from "./schedule";
import { checkDestinations, workspaceZone, ZCreateDigestSchema, type Caller, type Digest } from "./service";

// A digest as an editor holds it before saving: checked exactly as a save would check it, so the
// live preview reports the same field errors the save will, and previewed through the same run
// code as a saved digest, so it shows what each destination would really receive.

export const DRAFT_ID = "draft";

export async function draftDigest(workspaceId: string, caller: Caller, input: unknown, now = new Date()): Promise<Digest> {
  const data = parseInput(ZCreateDigestSchema, input);
  if (data.personal && !caller.userId) throw AppError.field("personal", "personal: an API key has no member to own a personal digest.");
  await checkDestinations(workspaceId, data.destination_ids, data.template);
  const timeZone = data.time_zone ?? (await workspaceZone(workspaceId));
  return {
    id: DRAFT_ID,
    workspaceId,
    name: data.name,
    personal: data.personal,
    ownerUserId: data.personal ? caller.userId : null,
    schedule: data.schedule,
    scheduleText: describeSchedule(data.schedule, timeZone),
    timeZone,
    ownTimeZone: data.time_zone,
    basis: data.basis,
    sections: data.sections,
    destinationIds: data.destination_ids,
    template: data.template,
    enabled: data.enabled,
    nextRunAt: nextRunAfter(data.schedule, timeZone, now),
    lastRunAt: null,
    lastOutcome: null,
    createdAt: now,
    updatedAt: now,
  };
}
