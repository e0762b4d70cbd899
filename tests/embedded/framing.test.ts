import { getPathMatch } from "next/dist/shared/lib/router/utils/path-match";
import { compileNonPath, matchHas } from "next/dist/shared/lib/router/utils/prepare-destination";
import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { embeddedFrameAncestors } from "@/lib/embedded/framing";

// Next.js applies header rules as it does here (resolve-routes): the source matched by
// path-to-regexp, then `has` against the query, its named groups compiled into the values; when
// rules set the same header, the later one wins.
async function headersFor(url: string): Promise<Record<string, string>> {
  const { pathname, searchParams } = new URL(url, "http://localhost");
  const query = Object.fromEntries(searchParams);
  const rules = (await nextConfig.headers?.()) ?? [];
  const out: Record<string, string> = {};
  for (const rule of rules) {
    let params = getPathMatch(rule.source, { strict: true, removeUnnamedParams: true })(pathname);
    if (params === false) continue;
    if (rule.has) {
      const hasParams = matchHas({ headers: {} } as never, query, rule.has, rule.missing);
      if (!hasParams) continue;
      params = { ...params, ...hasParams };
    }
    const compile = Object.keys(params).length > 0;
    for (const h of rule.headers) out[h.key.toLowerCase()] = compile ? compileNonPath(h.value, params) : h.value;
  }
  return out;
}

describe("framing headers", () => {
  it.each(["/", "/sign-in", "/sign-up", "/w/acme", "/w/acme/dashboards/d1", "/docs/api", "/api/v1/me", "/embeddedness", "/sign-in?shop=acme.myshopify.com"])(
    "%s refuses to be framed",
    async (path) => {
      expect(await headersFor(path)).toMatchObject({ "content-security-policy": "frame-ancestors 'none'", "x-frame-options": "DENY" });
    },
  );

  it.each(["/embedded?shop=acme.myshopify.com&host=YWRtaW4", "/embedded?host=YWRtaW4&shop=acme.myshopify.com", "/embedded/dashboards/overview?shop=acme.myshopify.com", "/embedded/orders/42?id=1&shop=acme.myshopify.com"])(
    "%s may be framed by its shop and the admin only",
    async (path) => {
      const headers = await headersFor(path);
      expect(headers).toEqual({ "content-security-policy": embeddedFrameAncestors("acme.myshopify.com") });
      expect(headers["content-security-policy"]).toBe("frame-ancestors https://acme.myshopify.com https://admin.shopify.com");
    },
  );

  it.each([
    "/embedded",
    "/embedded/dashboards/overview",
    "/embedded?shop=evil.example.com",
    "/embedded?shop=acme.myshopify.com.evil.example",
    "/embedded?shop=acme.myshopify.com%20https://evil.example",
    "/embedded?shop=https://acme.myshopify.com",
    "/embedded?shop=ACME.myshopify.com",
    "/embedded?shop=",
  ])("%s without a valid shop refuses every frame", async (path) => {
    expect(await headersFor(path)).toEqual({ "content-security-policy": "frame-ancestors 'none'" });
  });
});
