// Where a merchant opens an order in their store's own admin.

/**
 * Shopify: admin.shopify.com/store/{handle}/orders/{id}, the handle being the myshopify.com
 * subdomain. WooCommerce: the order's edit screen under wp-admin (the store's host and path are
 * the connection's account id); stores with order tables of their own redirect it there.
 */
export function orderAdminUrl(provider: string, account: string, orderId: string): string | null {
  if (provider === "shopify") {
    const handle = /^([a-z0-9][a-z0-9-]*)\.myshopify\.com$/i.exec(account)?.[1];
    return handle ? `https://admin.shopify.com/store/${handle.toLowerCase()}/orders/${orderId}` : `https://${account}/admin/orders/${orderId}`;
  }
  if (provider === "woocommerce") return `https://${account}/wp-admin/post.php?post=${orderId}&action=edit`;
  return null;
}
