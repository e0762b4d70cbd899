import { openJson } from "@/lib/crypto/secrets";
import { createShopifyClient } from "@/lib/connectors/shopify/client";
import { createDemoShopifyFetch } from "@/lib/connectors/shopify/demo/server";
import { ensureFreshToken } from "@/lib/connectors/shopify/oauth/tokens";
import { createShopifySource } from "@/lib/connectors/shopify/source";
import { demoHistoryEnd, getConnection, type ShopifyCredentials } from "@/lib/connections/service";
import type { SyncScope } from "@/lib/sync/scope";
import type { StoreSource } from "@/lib/connectors/contracts/store-source";
import { storeProvider } from "@/lib/connectors/registry";

/**
 * The store API behind a connection: a store platform's own provider from the registry, or for
 * Shopify the real shop with a fresh token, or the demo store.
 */
export async function sourceForConnection(scope: SyncScope): Promise<StoreSource> {
  const connection = await getConnection(scope);
  if (connection.status === "disconnected") {
    throw Object.assign(new Error("This connection was disconnected."), { code: "disconnected" });
  }
  const provider = await storeProvider(connection.provider);
  if (provider) {
    return provider.source({ ...scope, externalAccountId: connection.externalAccountId, credentials: openJson<unknown>(connection.credentials) });
  }
  const credentials = openJson<ShopifyCredentials>(connection.credentials);
  if (credentials.mode === "demo") {
    // The demo's history ends on a fixed date; orders after that arrive in real time.
    const fetch = createDemoShopifyFetch({
      seed: credentials.seed,
      orders: credentials.orders,
      endDate: demoHistoryEnd(credentials),
      shop: connection.externalAccountId,
      // Its export is computed on demand, so there is nothing to wait for.
      bulkDurationMs: 0,
    });
    return createShopifySource(createShopifyClient({ shop: connection.externalAccountId, accessToken: "demo", fetch }));
  }
  const accessToken = await ensureFreshToken(scope);
  return createShopifySource(createShopifyClient({ shop: connection.externalAccountId, accessToken }));
}
