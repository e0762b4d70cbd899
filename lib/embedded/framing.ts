// Who may frame Signalboard's pages. The standalone app refuses every frame (clickjacking: a
// signed-in member's buttons inside another site); the embedded app under /embedded is framed by
// the Shopify admin and answers its own frame-ancestors, per shop, so it is left out here.

export const REFUSE_FRAMING = [
  { key: "Content-Security-Policy", value: "frame-ancestors 'none'" },
  // For browsers that predate frame-ancestors.
  { key: "X-Frame-Options", value: "DENY" },
] as const;

/** next.config.ts headers(): every path except /embedded and what lies under it. */
export const FRAMING_HEADER_RULES = [{ source: "/((?!embedded(?:/|$)).*)", headers: [...REFUSE_FRAMING] }];
