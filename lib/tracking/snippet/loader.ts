// The loader a store pastes into its pages. It defines window.sb at once, so calls made before
// /sb.js arrives are queued (sb.q) and replayed by it, and loads /sb.js without blocking the page.

/** What collection does until the page calls sb("consent", true): README.md, "Consent". */
export const CONSENT_MODES = ["on", "cookieless", "off"] as const;
export type ConsentMode = (typeof CONSENT_MODES)[number];

export type LoaderOptions = {
  writeKey: string;
  /** The app's public origin, e.g. https://app.signalboard.example. */
  appUrl: string;
  consent?: ConsentMode;
};

/** A JavaScript string literal that cannot end the surrounding <script> element. */
function literal(value: string): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

export function loaderSnippet({ writeKey, appUrl, consent = "on" }: LoaderOptions): string {
  const app = appUrl.replace(/\/+$/, "");
  const lines = [
    "<script>",
    "(function (w, d, key, app) {",
    "  var sb = w.sb = w.sb || function () { (sb.q = sb.q || []).push(arguments); };",
    '  ["track", "identify", "page", "consent", "reset"].forEach(function (m) {',
    "    sb[m] = sb[m] || function () { sb.apply(null, [m].concat([].slice.call(arguments))); };",
    "  });",
    '  sb.k = key; sb.e = app + "/api/v1/track";',
    '  var s = d.createElement("script"); s.async = true; s.src = app + "/sb.js";',
    "  d.head.appendChild(s);",
    `})(window, document, ${literal(writeKey)}, ${literal(app)});`,
  ];
  if (consent !== "on") lines.push(`sb("consent", ${consent === "off" ? "false" : '"cookieless"'}); // until your consent banner calls sb("consent", true)`);
  lines.push("</script>");
  return lines.join("\n");
}
