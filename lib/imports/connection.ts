import { sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/workspaces/service";

// Imported facts live under a connection of their own, like synced ones, so they are keyed,
// purged and reported the same way. It is made on the first upload.

export const IMPORT_SOURCES = {
  orders: { externalAccountId: "orders", displayName: "Imported orders" },
  ad_spend: { externalAccountId: "ad-spend", displayName: "Imported ad spend" },
} as const;

export type ImportSource = keyof typeof IMPORT_SOURCES;

// Nothing can be pulled from an upload, so the scheduler must never find this connection due:
// no next sync, and a restatement too far off to ever come round.
const NEVER = new Date("9999-01-01T00:00:00Z");

export async function importConnectionId(workspaceId: string, source: ImportSource): Promise<string> {
  const { externalAccountId, displayName } = IMPORT_SOURCES[source];
  const where = { workspaceId_provider_externalAccountId: { workspaceId, provider: "import" as const, externalAccountId } };
  const data = { status: "active" as const, nextSyncAt: null, nextRestatementAt: NEVER, disconnectedAt: null, lastError: null };
  const upsert = () =>
    db.connection.upsert({
      where,
      update: data,
      create: { workspaceId, provider: "import", externalAccountId, displayName, credentials: sealJson({}), scopes: [], ...data },
      select: { id: true },
    });
  try {
    return (await upsert()).id;
  } catch (error) {
    // Two first uploads at once: the loser of the insert finds the winner's row.
    if (isUniqueViolation(error)) return (await upsert()).id;
    throw error;
  }
}

/** The upload counts as the connection's latest successful sync, for freshness. */
export async function markImported(workspaceId: string, connectionId: string, at: Date): Promise<void> {
  await db.connection.update({ where: { workspaceId_id: { workspaceId, id: connectionId } }, data: { lastSyncAt: at, lastSuccessAt: at } });
}
