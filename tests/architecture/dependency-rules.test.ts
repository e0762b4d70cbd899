import path from "node:path";
import { describe, expect, it } from "vitest";
import { cruise, type ICruiseResult } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTSConfig from "dependency-cruiser/config-utl/extract-ts-config";

// The real rule set, run against two tiny trees shaped like this repository: one that
// breaks every rule once (so a rule that stops matching fails here, not silently in CI)
// and one that uses every allowed pattern (so a rule that over-matches fails too).
const root = path.resolve(import.meta.dirname, "../..");
const fixtures = path.join(import.meta.dirname, "fixtures");

async function violationsIn(tree: string) {
  const baseDir = path.join(fixtures, tree);
  const tsConfigFile = path.join(baseDir, "tsconfig.json");
  const options = await extractDepcruiseOptions(path.join(root, ".dependency-cruiser.cjs"));
  const { output } = await cruise(
    ["app", "components", "lib", "inngest"],
    { ...options, baseDir, tsConfig: { fileName: tsConfigFile }, outputType: "json" },
    {},
    { tsConfig: extractTSConfig(tsConfigFile) },
  );
  const result: ICruiseResult = typeof output === "string" ? JSON.parse(output) : output;
  const violations = result.summary.violations
    .map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`)
    .sort();
  return { result, violations };
}

describe("architecture rules (.dependency-cruiser.cjs)", () => {
  it("reports each kind of violation, through static, dynamic, aliased and type-only imports", async () => {
    const { violations, result } = await violationsIn("violating");

    expect(violations).toEqual(
      [
        "app-no-cross-route-imports: app/api/v1/workspaces/[slug]/reports/route.ts -> app/api/v1/reports/_shared/response.ts",
        "app-no-cross-route-imports: app/w/[slug]/dashboards/page.tsx -> app/w/[slug]/connections/forms.tsx",
        "components-not-to-app: components/nav.tsx -> app/(auth)/actions.ts",
        "lib-not-to-ui-or-inngest: lib/format.ts -> components/label.ts",
        "lib-not-to-ui-or-inngest: lib/jobs.ts -> inngest/job.ts",
        // A cycle closed by `await import()` and one made only of `import type`.
        "no-circular-lib-inngest: inngest/job.ts -> lib/jobs.ts",
        "no-circular-lib-inngest: lib/cycle/a.ts -> lib/cycle/b.ts",
        "no-circular-lib-inngest: lib/types/contract.ts -> lib/types/impl.ts",
        "sync-engine-not-to-providers: lib/sync/engine.ts -> lib/ads/runner.ts",
        "sync-engine-not-to-providers: lib/sync/engine.ts -> lib/connectors/meta/provider.ts",
      ].sort(),
    );
    expect(result.summary.error).toBe(violations.length);
    const unresolved = result.modules.flatMap((m) => m.dependencies.filter((d) => d.couldNotResolve));
    expect(unresolved).toEqual([]);
  });

  it("accepts a tree that keeps to the rules", async () => {
    const { violations, result } = await violationsIn("clean");

    expect(violations).toEqual([]);
    // Guards against a vacuous pass: the fixture's edges were found and resolved.
    expect(result.summary.totalCruised).toBeGreaterThanOrEqual(14);
    expect(result.summary.totalDependenciesCruised).toBeGreaterThanOrEqual(11);
    const unresolved = result.modules.flatMap((m) => m.dependencies.filter((d) => d.couldNotResolve));
    expect(unresolved).toEqual([]);
  });
});
