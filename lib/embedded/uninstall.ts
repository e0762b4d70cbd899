import { db } from "@/lib/db/client";
import { forgetOnlineTokens } from "./online-token";

// app/uninstalled for a shop installed from the admin. The store's connection is disconnected
// and its syncs stopped by the webhook's own processing (lib/stores/webhooks); here the shop is
// marked uninstalled, so its old session tokens no longer open the app. The workspace and its
// data are kept: shop/redact, 48 hours later, erases the store's data, and a reinstall before
// then finds everything again.

/**
 * Marks the shop uninstalled; a shop that never installed from the admin is left as it is. Shopify
 * removes the app's web pixel with the app, so the record of it goes too, and revokes the staff
 * members' online tokens, which are deleted.
 */
export async function markShopUninstalled(shop: string, at = new Date()): Promise<boolean> {
  const { count } = await db.embeddedShop.updateMany({
    where: { shop, uninstalledAt: null },
    data: { uninstalledAt: at, webPixelId: null, webPixelWriteKeyId: null, webPixelAt: null },
  });
  await forgetOnlineTokens(shop);
  return count === 1;
}
