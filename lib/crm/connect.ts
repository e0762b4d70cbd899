import { assertMayConnect, connectWithinLimit } from "@/lib/billing/limits";
import { crmProvider, isProviderKey, PROVIDERS } from "@/lib/connectors/registry";
import { sealJson } from "@/lib/crypto/secrets";
import { AppError } from "@/lib/errors";

// Connecting a CRM by pasting one secret (HubSpot's private app token, Bitrix24's webhook URL):
// the provider checks it against the CRM first, so a wrong one leaves nothing behind. The secret
// is sealed like every credential and never shown again.

export async function connectCrm(workspaceId: string, provider: string, input: Record<string, unknown>): Promise<{ id: string }> {
  if (!isProviderKey(provider) || PROVIDERS[provider].kind !== "crm") throw AppError.field("provider", "Choose a CRM to connect.");
  const crm = await crmProvider(provider);
  if (!crm) throw AppError.field("provider", "Choose a CRM to connect.");
  await assertMayConnect(workspaceId, provider, null);
  const checked = await crm.connectWithSecret(input);
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
    nextSyncAt: null,
  };
  return connectWithinLimit(workspaceId, provider, checked.externalAccountId, async (tx) => {
    const key = { workspaceId_provider_externalAccountId: { workspaceId, provider, externalAccountId: checked.externalAccountId } };
    const existing = await tx.connection.findUnique({ where: key, select: { id: true, status: true } });
    // A new secret for an account already connected replaces the old one (a rotated token, a reconnect).
    return existing
      ? tx.connection.update({ where: { workspaceId_id: { workspaceId, id: existing.id } }, data, select: { id: true } })
      : tx.connection.create({ data: { workspaceId, provider, externalAccountId: checked.externalAccountId, ...data }, select: { id: true } });
  });
}
