import { getPathMatch } from "next/dist/shared/lib/router/utils/path-match";
import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";

// Next.js matches a header rule's source as it does here (path-to-regexp, strict, unnamed groups
// allowed); the headers a path receives are those of every rule whose source matches it.
async function headersFor(pathname: string): Promise<Record<string, string>> {
  const rules = (await nextConfig.headers?.()) ?? [];
  const matched = rules.filter((rule) => getPathMatch(rule.source, { strict: true, removeUnnamedParams: true })(pathname) !== false);
  return Object.fromEntries(matched.flatMap((rule) => rule.headers.map((h) => [h.key.toLowerCase(), h.value])));
}

describe("framing headers", () => {
  it.each(["/", "/sign-in", "/sign-up", "/w/acme", "/w/acme/dashboards/d1", "/docs/api", "/api/v1/me", "/embeddedness"])("%s refuses to be framed", async (path) => {
    expect(await headersFor(path)).toMatchObject({ "content-security-policy": "frame-ancestors 'none'", "x-frame-options": "DENY" });
  });

  it.each(["/embedded", "/embedded/", "/embedded/dashboards"])("%s is left to the embedded app's own frame-ancestors", async (path) => {
    expect(await headersFor(path)).toEqual({});
  });
});
