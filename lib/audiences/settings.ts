import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { diffFields } from "@/lib/audit/changes";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { parseInput } from "@/lib/validation";
import { syncAudienceKlaviyoJob } from "./jobs";

// Where an audience's changes go, chosen on its page by an admin: a notification destination of the
// workspace for join/leave messages, and a Klaviyo connection of the workspace whose list it keeps
// in step. Choosing another connection starts that list afresh (a full sync, then changes).

const optionalId = z.preprocess((value) => (value === "" ? null : value), z.string().trim().min(1).max(64).nullable());

export const ZAudienceSettingsInput = z.object({
  webhookDestinationId: optionalId.optional(),
  klaviyoConnectionId: optionalId.optional(),
});
export type TAudienceSettingsInput = z.input<typeof ZAudienceSettingsInput>;

export type AudienceSettingView = {
  webhookDestinationId: string | null;
  klaviyoConnectionId: string | null;
  klaviyoListId: string | null;
  klaviyoListName: string | null;
  klaviyoStatus: string;
  klaviyoSyncedAt: Date | null;
  klaviyoError: string | null;
  klaviyoAdded: number;
  klaviyoRemoved: number;
  klaviyoSkipped: number;
};

export async function audienceSetting(workspaceId: string, tagId: string): Promise<AudienceSettingView | null> {
  return db.audienceSetting.findUnique({
    where: { workspaceId_tagId: { workspaceId, tagId } },
    select: {
      webhookDestinationId: true, klaviyoConnectionId: true, klaviyoListId: true, klaviyoListName: true, klaviyoStatus: true,
      klaviyoSyncedAt: true, klaviyoError: true, klaviyoAdded: true, klaviyoRemoved: true, klaviyoSkipped: true,
    },
  });
}

/** What the page offers: the workspace's destinations and its Klaviyo connections. */
export async function audienceTargets(workspaceId: string) {
  const [destinations, klaviyo] = await Promise.all([
    db.notificationDestination.findMany({ where: { workspaceId }, select: { id: true, name: true, kind: true, enabled: true }, orderBy: { name: "asc" } }),
    db.connection.findMany({ where: { workspaceId, provider: "klaviyo", status: { not: "disconnected" } }, select: { id: true, displayName: true }, orderBy: { displayName: "asc" } }),
  ]);
  return { destinations, klaviyo };
}

/** Saves the audience's destination and Klaviyo connection (the tag must be known to be the workspace's), recorded as audience.settings_changed. */
export async function saveAudienceSettings(workspaceId: string, tagId: string, input: unknown): Promise<AudienceSettingView> {
  const valid = parseInput(ZAudienceSettingsInput, input);
  if (valid.webhookDestinationId) {
    const found = await db.notificationDestination.findUnique({ where: { workspaceId_id: { workspaceId, id: valid.webhookDestinationId } }, select: { id: true } });
    if (!found) throw AppError.field("webhookDestinationId", "Choose a notification destination of this workspace.");
  }
  if (valid.klaviyoConnectionId) {
    const found = await db.connection.findUnique({ where: { workspaceId_id: { workspaceId, id: valid.klaviyoConnectionId } }, select: { provider: true, status: true } });
    if (!found || found.provider !== "klaviyo" || found.status === "disconnected") throw AppError.field("klaviyoConnectionId", "Choose a Klaviyo connection of this workspace.");
  }
  const before = await audienceSetting(workspaceId, tagId);
  const klaviyoChanged = valid.klaviyoConnectionId !== undefined && valid.klaviyoConnectionId !== (before?.klaviyoConnectionId ?? null);
  const data = {
    ...(valid.webhookDestinationId !== undefined ? { webhookDestinationId: valid.webhookDestinationId } : {}),
    ...(klaviyoChanged
      ? {
          klaviyoConnectionId: valid.klaviyoConnectionId, klaviyoListId: null, klaviyoListName: null, klaviyoHistoryId: null, klaviyoError: null,
          klaviyoStatus: valid.klaviyoConnectionId ? "pending" : "idle", klaviyoAdded: 0, klaviyoRemoved: 0, klaviyoSkipped: 0,
        }
      : {}),
  };
  const changes = diffFields(
    { webhookDestinationId: before?.webhookDestinationId ?? null, klaviyoConnectionId: before?.klaviyoConnectionId ?? null },
    {
      webhookDestinationId: valid.webhookDestinationId !== undefined ? valid.webhookDestinationId : (before?.webhookDestinationId ?? null),
      klaviyoConnectionId: valid.klaviyoConnectionId !== undefined ? valid.klaviyoConnectionId : (before?.klaviyoConnectionId ?? null),
    },
  );
  await db.$transaction(async (tx) => {
    await tx.audienceSetting.upsert({ where: { workspaceId_tagId: { workspaceId, tagId } }, create: { workspaceId, tagId, ...data }, update: data });
    // Saving what was already there changes nothing, so nothing is recorded.
    if (Object.keys(changes).length > 0) await recordAudit(tx, { workspaceId, action: "audience.settings_changed", target: { type: "audience", id: tagId }, changes });
  });
  if (klaviyoChanged && valid.klaviyoConnectionId) await enqueue(syncAudienceKlaviyoJob, { workspaceId, tagId });
  return (await audienceSetting(workspaceId, tagId))!;
}

/** Queues a sync now (the page's button); refused when the audience syncs to no list. */
export async function requestKlaviyoSync(workspaceId: string, tagId: string): Promise<void> {
  const setting = await audienceSetting(workspaceId, tagId);
  if (!setting?.klaviyoConnectionId) throw AppError.field("klaviyoConnectionId", "Choose a Klaviyo connection to sync this audience to first.");
  await db.audienceSetting.update({ where: { workspaceId_tagId: { workspaceId, tagId } }, data: { klaviyoStatus: "pending" } });
  await enqueue(syncAudienceKlaviyoJob, { workspaceId, tagId });
}
