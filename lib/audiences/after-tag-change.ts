import { db } from "@/lib/db/client";
import { enqueue } from "@/lib/jobs/enqueue";
import { syncAudienceKlaviyoJob } from "./jobs";
import { recordSizeChange } from "./sizes";
import { notifyAudienceChange } from "./webhook";

// What an audience does when its tag's membership changes (lib/tags/after-change.ts calls this
// once per tag and change, after the change committed): the day's size, one message to the
// audience's destination, and its Klaviyo list's sync queued. Each part catches up from the
// tag's own tables if a process stops in between (the size is recounted, the sync reads history).

export async function onTagChange(workspaceId: string, tagId: string, added: string[], removed: string[], at: Date): Promise<void> {
  await recordSizeChange(workspaceId, tagId, added.length, removed.length, at);
  await notifyAudienceChange({ workspaceId, tagId, joined: added, left: removed, at });
  const setting = await db.audienceSetting.findUnique({ where: { workspaceId_tagId: { workspaceId, tagId } }, select: { klaviyoConnectionId: true } });
  if (setting?.klaviyoConnectionId) {
    await db.audienceSetting.update({ where: { workspaceId_tagId: { workspaceId, tagId } }, data: { klaviyoStatus: "pending" } });
    await enqueue(syncAudienceKlaviyoJob, { workspaceId, tagId });
  }
}
