/**
 * The one place the Shopify Admin API version is pinned. Every request URL and every fixture
 * follows it; bump it deliberately (Shopify supports a version for 12 months) and re-check
 * queries.ts against that version's schema.
 */
export const SHOPIFY_API_VERSION = "2026-10";
