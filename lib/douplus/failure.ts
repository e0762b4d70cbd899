import { alertAdminsOnce } from "@/lib/connections/alerts";
import { db } from "@/lib/db/client";
import { classifyFailure } from "@/lib/sync/failures";
import type { SyncScope } from "@/lib/sync/scope";
import { logger } from "@/lib/log";

const log = logger("douplus");

// A failed DOU+ sync is told the way every sync failure is: the same classification and words,
// a refused token marks the connection needs_reauth (the banner, no more schedules) and emails
// the admins once per incident; anything else is recorded and tried again in 5 minutes.

export async function recordDouplusFailure(scope: SyncScope, step: string, error: unknown): Promise<"needs_reauth" | "error"> {
  const connection = await db.connection.findFirst({
    where: { workspaceId: scope.workspaceId, id: scope.connectionId },
    select: { provider: true, externalAccountId: true, displayName: true },
  });
  const failure = classifyFailure(error, connection ?? undefined);
  const now = new Date();
  log.error("step failed", { step, workspaceId: scope.workspaceId, connectionId: scope.connectionId, code: failure.code, message: failure.message });
  await db.douplusSyncState.upsert({
    where: { workspaceId_connectionId: scope },
    create: { ...scope, lastError: failure.message, lastErrorAt: now },
    update: { lastError: failure.message, lastErrorAt: now },
  });
  if (failure.status === "needs_reauth") {
    await db.connection.updateMany({
      where: { workspaceId: scope.workspaceId, id: scope.connectionId, status: { not: "disconnected" } },
      data: { status: "needs_reauth", lastError: failure.message, lastErrorAt: now, nextSyncAt: null },
    });
    await alertAdminsOnce(scope, { subject: `${connection?.displayName ?? "A Douyin connection"} needs to be reconnected`, body: failure.message });
  }
  return failure.status;
}
