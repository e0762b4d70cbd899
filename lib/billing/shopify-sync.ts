import { ShopifyAuthError } from "@/lib/connectors/shopify/errors";
import { db } from "@/lib/db/client";
import { shopAdminClient, type InstalledShop } from "@/lib/embedded/shop-admin";
import { AppError } from "@/lib/errors";
import { applyActiveSubscriptions, applyShopifySubscription, parseAppSubscriptionUpdate, type ShopifyApplyOutcome } from "./providers-shopify";
import { activeSubscriptions } from "./shopify-graphql";

// What Shopify bills is read again, never taken from a webhook's body or order: the
// installation's active subscriptions at one instant, applied unless a later reading already was.

/** Re-reads the shop's active subscriptions and applies them to its workspace. */
export async function syncShopifyBilling(installed: InstalledShop): Promise<ShopifyApplyOutcome> {
  // Taken before the read: a reading that started earlier never overwrites one that started later.
  const readAt = new Date();
  const subscriptions = await activeSubscriptions(await shopAdminClient(installed));
  return applyActiveSubscriptions(installed.workspaceId, subscriptions, readAt);
}

/**
 * app_subscriptions/update for one connection of the shop: only the workspace that installed the
 * app from the admin is billed by it (other workspaces may connect the same store). Its state is
 * re-read from Shopify; a shop that has uninstalled (its token revoked) cannot be asked, so then
 * the delivery's own state is applied, still never over a newer one.
 */
export async function applyAppSubscriptionsDelivery(scope: { workspaceId: string; connectionId: string }, payload: unknown): Promise<string> {
  let update;
  try {
    update = parseAppSubscriptionUpdate(payload);
  } catch (error) {
    if (error instanceof AppError) return `ignored: ${error.message}`;
    throw error;
  }
  const installed = await db.embeddedShop.findFirst({ where: { workspaceId: scope.workspaceId, connectionId: scope.connectionId } });
  if (!installed) return "ignored: this workspace did not install the app from the Shopify admin";
  if (installed.uninstalledAt) return `applied from the delivery (shop uninstalled): ${await applyShopifySubscription(installed.shop, update)}`;
  try {
    return `re-read from Shopify: ${await syncShopifyBilling(installed)}`;
  } catch (error) {
    if (!(error instanceof ShopifyAuthError)) throw error;
    return `applied from the delivery (token refused): ${await applyShopifySubscription(installed.shop, update)}`;
  }
}
