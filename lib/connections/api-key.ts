import { assertMayConnect, connectWithinLimit } from "@/lib/billing/limits";
import { isProviderKey, ownedProvider, PROVIDERS } from "@/lib/connectors/registry";
import { sealJson } from "@/lib/crypto/secrets";
import { AppError } from "@/lib/errors";

// Connecting a messaging platform by pasting one private API key (Klaviyo): the provider checks the
// key against the platform first, so a wrong or refused key leaves nothing behind. The key is sealed
// like every credential. Pasting a new key for an account already connected (one that needs it
// after its key was revoked) replaces the key on the same connection, keeping its history.

export async function connectApiKeyProvider(workspaceId: string, provider: string, input: Record<string, unknown>): Promise<{ id: string }> {
  if (!isProviderKey(provider) || !("apiKey" in PROVIDERS[provider])) throw AppError.field("provider", "Choose a platform that connects with an API key.");
  const connect = (await ownedProvider(provider))?.connectWithKey;
  if (!connect) throw AppError.field("provider", "Choose a platform that connects with an API key.");
  await assertMayConnect(workspaceId, provider, null);
  const checked = await connect(input);

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
    if (existing && existing.status === "active") {
      throw AppError.field("apiKey", `This ${PROVIDERS[provider].label} account is already connected to this workspace.`, "conflict");
    }
    return existing
      ? tx.connection.update({ where: { workspaceId_id: { workspaceId, id: existing.id } }, data, select: { id: true } })
      : tx.connection.create({ data: { workspaceId, provider, externalAccountId: checked.externalAccountId, ...data }, select: { id: true } });
  });
}
