/** Polaris web components for App Home (iframe) apps, from Shopify's CDN: the stable major track. */
export const POLARIS_SRC = "https://cdn.shopify.com/shopifycloud/polaris.js";
