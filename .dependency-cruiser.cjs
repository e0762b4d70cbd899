/**
 * Architecture rules, checked by `npm run lint:deps` (part of `npm test`).
 *
 * Every edge counts: static imports, `await import("...")`, re-exports and type-only imports
 * (tsPreCompilationDeps below), with `@/` resolved through tsconfig.json's paths. A rule is
 * one named entry in `forbidden`; add a new constraint the same way, with a comment saying
 * why it exists. tests/architecture/dependency-rules.test.ts runs these rules against small
 * fixture trees, so a rule that silently stops matching fails the suite.
 */

// Next.js wraps a folder's name in (group), [param], [...catchAll] or [[...optional]].
// dependency-cruiser pastes captured text into the `to` regexes unescaped, so a captured
// "[slug]" would turn into a character class: capture only the bare name and let the
// brackets around it match loosely on both sides.
const SEGMENT = String.raw`[(\[.]*([^/()\[\]]+)[)\]]*`;
const sameSegment = (group) => String.raw`[(\[.]*$${group}[)\]]*`;

// Group placeholders are replaced textually ($1 would also rewrite $10), so at most nine
// captured folders; a file deeper than that is judged by its first nine folders.
const MAX_ROUTE_DEPTH = 9;

/**
 * One rule per folder depth under app/, because each captures that many folder names.
 *
 * What counts as "another route": a file in app/ may import from app/ only
 * - its own folder and anything below it,
 * - files sitting directly in an enclosing folder (layouts, a route group's shared
 *   actions.ts, a parent page's forms reused by its child pages), and
 * - private `_folders` of an enclosing folder (Next.js never routes them, so they are the
 *   place for code shared by the routes beneath them).
 * Everything else is a sibling's folder: another route, even when both are pages of the
 * same workspace (app/w/[slug]/connections vs app/w/[slug]/dashboards) or both are API
 * handlers of one version (app/api/v1/reports vs app/api/v1/workspaces). Code two routes
 * share belongs in lib/ (logic) or components/ (UI), or in a `_folder` of their common parent.
 */
function appRouteIsolationRules() {
  const rules = [];
  for (let depth = 1; depth <= MAX_ROUTE_DEPTH; depth++) {
    const captured = Array.from({ length: depth }, () => SEGMENT).join("/");
    const filePattern = depth === MAX_ROUTE_DEPTH ? ".+" : "[^/]+";
    const enclosing = (levels) =>
      ["^app", ...Array.from({ length: levels }, (_, i) => sameSegment(i + 1))].join("/");
    const allowed = [`${enclosing(depth)}/`];
    for (let levels = 0; levels < depth; levels++) {
      allowed.push(`${enclosing(levels)}/[^/]+$`, `${enclosing(levels)}/_[^/]+/`);
    }
    rules.push({
      name: "app-no-cross-route-imports",
      comment:
        "Routes stay independent so one can be moved, split or deleted without breaking " +
        "another; shared code goes to lib/, components/ or a _private folder of the common parent.",
      severity: "error",
      from: { path: `^app/${captured}/${filePattern}$` },
      to: { path: "^app/", pathNot: allowed },
    });
  }
  return rules;
}

// Providers of ads/analytics data; the sync engine must reach them only through the
// StoreSource / ad-source contracts, never by name.
const PROVIDER_CONNECTORS = ["google", "meta", "tiktok", "shopify", "demo-ads", "klaviyo"];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular-lib-inngest",
      comment:
        "A cycle makes module load order matter (an import can be undefined at first use) and " +
        "means neither side can change or be tested alone. Type-only edges count too: they are " +
        "free at run time but still tie the two modules' designs together, and the fix (moving " +
        "the type into the module that owns the contract) is cheap.",
      severity: "error",
      from: { path: "^(lib|inngest)/" },
      to: { circular: true, viaOnly: { path: "^(lib|inngest)/" } },
    },
    {
      name: "components-not-to-app",
      comment:
        "components/ is shared UI used by many routes; reaching into a route's folder ties it " +
        "to that route and makes app/ <-> components/ cycles likely. Pass actions in as props " +
        "or move the shared piece to components/ or lib/.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^app/" },
    },
    {
      name: "lib-not-to-ui-or-inngest",
      comment:
        "lib/ is the core that pages, route handlers, Inngest functions, the CLI and tests all " +
        "call; it must not depend on any of its callers (routes, UI, durable-function wrappers).",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^(app|components|inngest)/" },
    },
    ...appRouteIsolationRules(),
    {
      name: "sync-engine-not-to-providers",
      comment:
        "The sync engine knows sources only through their contracts, so a provider can be " +
        "added or changed without touching it (see ARCHITECTURE.md: lib/sync knows nothing of " +
        "Shopify's wire format). lib/ads is the ad side of the same engine and must be reached " +
        "through a contract as well.",
      severity: "error",
      from: { path: "^lib/sync/" },
      to: { path: [`^lib/ads/`, `^lib/connectors/(${PROVIDER_CONNECTORS.join("|")})/`] },
    },
  ],
  options: {
    doNotFollow: { path: "(^|/)node_modules/" },
    // Generated at install time (Prisma client) and not ours to arrange; the fixtures break
    // the rules on purpose and are cruised only by their own test.
    exclude: { path: ["^lib/db/generated/", "^tests/architecture/fixtures/", "^\\.next/"] },
    // Keep imports that disappear on compilation (`import type`, type-only re-exports).
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      mainFields: ["module", "main", "types", "typings"],
      extensions: [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs", ".json", ".d.ts"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
