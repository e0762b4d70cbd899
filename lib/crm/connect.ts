import { assertMayConnect } from "@/lib/billing/limits";
import { saveCheckedConnection } from "@/lib/connections/save-checked";
import { crmProvider, isProviderKey, PROVIDERS } from "@/lib/connectors/registry";
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
  // A new secret for an account already connected replaces the old one (a rotated token, a reconnect).
  return saveCheckedConnection(workspaceId, provider, checked);
}
