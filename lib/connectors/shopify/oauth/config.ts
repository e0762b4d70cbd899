// The Shopify app's credentials, from the environment. Unset: OAuth and webhooks are off (the
// demo store needs neither).

export type ShopifyAppConfig = { apiKey: string; apiSecret: string };

export const SHOPIFY_NOT_CONFIGURED = "Shopify is not configured on this server: set SHOPIFY_API_KEY and SHOPIFY_API_SECRET";

export function shopifyAppConfig(): ShopifyAppConfig | null {
  const apiKey = process.env.SHOPIFY_API_KEY?.trim();
  const apiSecret = process.env.SHOPIFY_API_SECRET?.trim();
  return apiKey && apiSecret ? { apiKey, apiSecret } : null;
}

/**
 * Offline access: orders (all of them, not only the last 60 days), products, customers, inventory
 * (unit costs), all read-only; and the app's web pixel (write_pixels to create it,
 * read_customer_events to receive the storefront's events), the only thing the app writes.
 */
export const SHOPIFY_SCOPES = ["read_orders", "read_all_orders", "read_products", "read_customers", "read_inventory", "write_pixels", "read_customer_events"] as const;
