import { auditConnected } from "./audit";
import { connectWithinLimit } from "@/lib/billing/limits";
import { sealJson } from "@/lib/crypto/secrets";
import { AppError } from "@/lib/errors";

// Connections made by pasting a secret (a store's key pair, a messaging or CRM platform's key) are
// stored the same way once their provider has checked the secret against the platform: sealed,
// active, under the plan's connection limit, with a connection that needed its secret again taking
// the new one and keeping its history.

/** What a provider's check of a pasted secret gives back. */
export type CheckedAccount = {
  externalAccountId: string;
  displayName: string;
  timeZone: string | null;
  currency: string | null;
  credentials: unknown;
  scopes: string[];
};

/**
 * Stores a checked account as a connection of the workspace. `activeConflict` names the field and
 * message that refuse an account already connected and active; without it the new secret replaces
 * the old one (a rotated token).
 */
export async function saveCheckedConnection(
  workspaceId: string,
  provider: string,
  checked: CheckedAccount,
  activeConflict?: { field: string; message: string },
): Promise<{ id: string }> {
  const data = {
    displayName: checked.displayName,
    timeZone: checked.timeZone,
    currency: checked.currency,
    status: "active" as const,
    credentials: sealJson(checked.credentials),
    scopes: checked.scopes,
    disconnectedAt: null,
    lastError: null,
    lastErrorAt: null,
    alertedAt: null,
    // The backfill the caller starts schedules what follows it.
    nextSyncAt: null,
  };
  return connectWithinLimit(workspaceId, provider, checked.externalAccountId, async (tx) => {
    const existing = await tx.connection.findUnique({
      where: { workspaceId_provider_externalAccountId: { workspaceId, provider, externalAccountId: checked.externalAccountId } },
      select: { id: true, status: true },
    });
    if (existing?.status === "active" && activeConflict) throw AppError.field(activeConflict.field, activeConflict.message, "conflict");
    const saved = existing
      ? await tx.connection.update({ where: { workspaceId_id: { workspaceId, id: existing.id } }, data, select: { id: true } })
      : await tx.connection.create({ data: { workspaceId, provider, externalAccountId: checked.externalAccountId, ...data }, select: { id: true } });
    await auditConnected(tx, workspaceId, saved.id, provider, checked.externalAccountId);
    return saved;
  });
}
