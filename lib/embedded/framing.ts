// Who may frame Signalboard's pages. The standalone app refuses every frame (clickjacking: a
// signed-in member's buttons inside another site). The embedded app under /embedded is framed by
// the Shopify admin: only by the shop it is opened for (the `shop` query parameter Shopify adds
// to every load) and admin.shopify.com. Without a valid shop it refuses every frame too.

export const REFUSE_FRAMING = [
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
  // For browsers that predate frame-ancestors.
  { key: "X-Frame-Options", value: "DENY" },
] as const;

/** A shop's permanent domain. Anchored by Next.js, and the only text ever written into the header. */
export const SHOP_PARAM_PATTERN = "(?<shop>[a-z0-9][a-z0-9-]*\\.myshopify\\.com)";

export const SHOPIFY_ADMIN_ORIGIN = "https://admin.shopify.com";

/** The embedded app's frame-ancestors for one shop (what the rule below writes). */
export const embeddedFrameAncestors = (shop: string) => `frame-ancestors https://${shop} ${SHOPIFY_ADMIN_ORIGIN}`;

const EMBEDDED = "/embedded/:path*";

/**
 * next.config.ts headers(). The order matters: when rules set the same header the last one wins,
 * so an embedded load with a valid shop replaces the refusal before it.
 */
export const FRAMING_HEADER_RULES = [
  { source: "/((?!embedded(?:/|$)).*)", headers: [...REFUSE_FRAMING] },
  { source: EMBEDDED, headers: [{ key: "Content-Security-Policy", value: "frame-ancestors 'none'" }] },
  {
    source: EMBEDDED,
    has: [{ type: "query" as const, key: "shop", value: SHOP_PARAM_PATTERN }],
    headers: [{ key: "Content-Security-Policy", value: `frame-ancestors https://:shop ${SHOPIFY_ADMIN_ORIGIN}` }],
  },
];
