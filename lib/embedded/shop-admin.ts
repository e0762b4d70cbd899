import { createShopifyClient, type ShopifyClient } from "@/lib/connectors/shopify/client";
import { ensureFreshToken } from "@/lib/connectors/shopify/oauth/tokens";
import type { EmbeddedContext } from "./guard";
import { onlineAccessToken, type OnlineTokenOptions } from "./online-token";

// The Admin GraphQL API of a shop installed from the admin, with its offline token (refreshed
// when it nears expiry, under the connection's lock). The app's own calls about the shop (its
// web pixel, its app subscriptions) go through here; the sync engine has its own way in.

export type InstalledShop = { shop: string; workspaceId: string; connectionId: string };

/** Short timeouts and few tries: a person is waiting in the admin for most of these calls. */
const INTERACTIVE = { timeoutMs: 10_000, maxAttempts: 3, baseDelayMs: 500 } as const;

export async function shopAdminClient(installed: InstalledShop): Promise<ShopifyClient> {
  const accessToken = await ensureFreshToken({ workspaceId: installed.workspaceId, connectionId: installed.connectionId });
  return createShopifyClient({ shop: installed.shop, accessToken, ...INTERACTIVE });
}

/** The Admin GraphQL API as the staff member in the admin, with their online token (see online-token.ts). */
export async function staffAdminClient(context: EmbeddedContext, options: OnlineTokenOptions = {}): Promise<ShopifyClient> {
  const accessToken = await onlineAccessToken(context, options);
  return createShopifyClient({ shop: context.shop, accessToken, ...INTERACTIVE, ...(options.fetch ? { fetch: options.fetch } : {}) });
}
