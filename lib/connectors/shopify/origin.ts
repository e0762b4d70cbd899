// Where a shop's Admin API and token endpoint are reached: https://{shop}. SHOPIFY_API_BASE puts
// every shop under one other address ({base}/{shop}), for a stand-in Shopify in end-to-end tests
// and benchmarks; production leaves it unset.

export function shopOrigin(shop: string): string {
  const base = process.env.SHOPIFY_API_BASE?.trim().replace(/\/+$/, "");
  return base ? `${base}/${shop}` : `https://${shop}`;
}

/** Bulk result files come over https; under SHOPIFY_API_BASE the stand-in serves them itself. */
export function isDownloadable(url: string): boolean {
  const base = process.env.SHOPIFY_API_BASE?.trim().replace(/\/+$/, "");
  return url.startsWith("https://") || Boolean(base && url.startsWith(`${base}/`));
}
