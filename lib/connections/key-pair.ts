import type { StoreConnectionView } from "@/lib/connectors/contracts/store-source";
import { assertMayConnect } from "@/lib/billing/limits";
import { isProviderKey, PROVIDERS, storeProvider } from "@/lib/connectors/registry";
import { AppError } from "@/lib/errors";
import { saveCheckedConnection } from "./save-checked";
import { logger } from "@/lib/log";

const log = logger("key-pair");

// Connecting a store by pasting its address and an API key pair (WooCommerce): the provider checks
// them against the store first, so a wrong address or key leaves nothing behind, half-connected or
// otherwise. The keys are sealed like every credential.

export async function connectKeyPairStore(workspaceId: string, provider: string, input: Record<string, unknown>): Promise<{ id: string }> {
  if (!isProviderKey(provider) || !("keyPair" in PROVIDERS[provider])) throw AppError.field("provider", "Choose a store that connects with a key pair.");
  const connect = (await storeProvider(provider))?.connectWithKeys;
  if (!connect) throw AppError.field("provider", "Choose a store that connects with a key pair.");
  // A live store is refused below as already connected, so whatever gets past the check is a new
  // place; asked before the store is, then again with the write (two connects at once).
  await assertMayConnect(workspaceId, provider, null);
  const checked = await connect(input);

  const connection = await saveCheckedConnection(workspaceId, provider, checked, { field: "storeUrl", message: "This store is already connected to this workspace." });
  await subscribeWebhooks(provider, { workspaceId, connectionId: connection.id, externalAccountId: checked.externalAccountId, credentials: checked.credentials });
  return connection;
}

/**
 * Where a connection's store webhooks are delivered: the app's public https address, which the
 * store must be able to reach (none in local development: syncs every 10 minutes still run).
 */
export function webhookDeliveryUrl(provider: string, scope: { workspaceId: string; connectionId: string }, appUrl = process.env.APP_URL): string | null {
  const base = appUrl?.trim().replace(/\/+$/, "");
  if (!base || !base.startsWith("https://")) return null;
  return `${base}/api/webhooks/${provider}?workspace=${encodeURIComponent(scope.workspaceId)}&connection=${encodeURIComponent(scope.connectionId)}`;
}

/** Webhooks bring changes in between syncs; a store that refuses them still syncs, so this never fails the connect. */
async function subscribeWebhooks(provider: string, connection: StoreConnectionView): Promise<void> {
  const hooks = (await storeProvider(provider))?.webhooks;
  const url = webhookDeliveryUrl(provider, connection);
  if (!hooks || !url) return;
  try {
    await hooks.subscribe(connection, url);
  } catch (error) {
    log.warn("webhooks not created", { provider, connectionId: connection.connectionId, err: error });
  }
}
