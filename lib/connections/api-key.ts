import { assertMayConnect } from "@/lib/billing/limits";
import { isProviderKey, ownedProvider, PROVIDERS } from "@/lib/connectors/registry";
import { AppError } from "@/lib/errors";
import { saveCheckedConnection } from "./save-checked";

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

  return saveCheckedConnection(workspaceId, provider, checked, {
    field: "apiKey",
    message: `This ${PROVIDERS[provider].label} account is already connected to this workspace.`,
  });
}
