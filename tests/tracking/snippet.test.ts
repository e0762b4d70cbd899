import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import { gzipSync } from "node:zlib";
import { Linter } from "eslint";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { GET } from "@/app/sb.js/route";
import { loaderSnippet } from "@/lib/tracking/snippet/loader";
import { compactScript, SNIPPET_CACHE_CONTROL } from "@/lib/tracking/snippet/serve";

const SOURCE = fs.readFileSync(path.join(process.cwd(), "lib", "tracking", "snippet", "sb.js"), "utf8");
const request = (headers: Record<string, string> = {}) => new Request("http://app.test/sb.js", { headers }) as Parameters<typeof GET>[0];

/** Parse errors of `code` read as a classic script by an ES2017 parser. */
function es2017Errors(code: string): string[] {
  return new Linter().verify(code, { languageOptions: { ecmaVersion: 2017, sourceType: "script" } }).map((m) => `${m.line}:${m.column} ${m.message}`);
}

/** The code as a printer writes it back, comments and layout gone: equal output means equal code. */
function normalised(code: string): string {
  const file = ts.createSourceFile("sb.js", code, ts.ScriptTarget.ES2017, false, ts.ScriptKind.JS);
  return ts.createPrinter({ removeComments: true }).printFile(file);
}

describe("GET /sb.js", () => {
  it("serves the script compact, as JavaScript, cached for an hour with a week's revalidation", async () => {
    const response = GET(request());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe(SNIPPET_CACHE_CONTROL);
    expect(response.headers.get("x-snippet-version")).toMatch(/^\d+\.\d+\.\d+$/);
    const body = await response.text();
    expect(body).toBe(compactScript(SOURCE));
    expect(body.length).toBeLessThan(SOURCE.length);
  });

  it("answers 304 to a browser that holds the same version", async () => {
    const etag = GET(request()).headers.get("etag")!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = GET(request({ "if-none-match": `W/"other", ${etag}` }));
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    expect(GET(request({ "if-none-match": '"stale"' })).status).toBe(200);
  });

  it("stays under 4 KB gzipped", async () => {
    const gzipped = gzipSync(Buffer.from(await GET(request()).text())).length;
    console.log(`sb.js gzipped: ${gzipped} bytes`);
    expect(gzipped).toBeLessThanOrEqual(4096);
  });

  it("is ES2017 that the compaction leaves unchanged", async () => {
    const body = await GET(request()).text();
    expect(es2017Errors(SOURCE)).toEqual([]);
    expect(es2017Errors(body)).toEqual([]);
    expect(normalised(body)).toBe(normalised(SOURCE));
  });
});

describe("compactScript", () => {
  it("drops comment lines and indentation and keeps every line break between statements", () => {
    expect(compactScript("// why\nconst a = 1\n  // more\n  ;[a].forEach(f) // trailing\n\n")).toBe("const a = 1\n;[a].forEach(f) // trailing");
  });
});

describe("loaderSnippet", () => {
  type Fake = { sb: ((...args: unknown[]) => void) & { q?: IArguments[]; k?: string; e?: string; track?: (...a: unknown[]) => void } };

  /** Runs the pasted loader against a page that records the scripts it adds. */
  function runLoader(html: string) {
    const scripts: { async: boolean; src: string }[] = [];
    const document = { createElement: () => ({ async: false, src: "" }), head: { appendChild: (s: { async: boolean; src: string }) => scripts.push(s) } };
    const window = {} as Fake;
    const code = html.replace(/^<script>\n/, "").replace(/\n<\/script>$/, "");
    vm.runInNewContext(code, { window, document, sb: undefined, get globalThis() { return window; } });
    return { window, scripts, code };
  }

  it("queues calls made before /sb.js loads and loads it async from the app", () => {
    const { window, scripts, code } = runLoader(loaderSnippet({ writeKey: "sbw_abc", appUrl: "https://app.example.com/" }));
    expect(es2017Errors(code)).toEqual([]);
    expect(scripts).toEqual([{ async: true, src: "https://app.example.com/sb.js" }]);
    expect(window.sb.k).toBe("sbw_abc");
    expect(window.sb.e).toBe("https://app.example.com/api/v1/track");
    window.sb.track!("signup", { plan: "pro" });
    window.sb("consent", true);
    expect(window.sb.q!.map((args) => Array.from(args))).toEqual([["track", "signup", { plan: "pro" }], ["consent", true]]);
  });

  it("cannot be broken out of by what it embeds", () => {
    const html = loaderSnippet({ writeKey: 'sbw_"</script><script>alert(1)//', appUrl: "https://app.example.com" });
    expect(html.match(/<\/script>/g)).toHaveLength(1);
    expect(html).toContain('"sbw_\\"\\u003c/script>\\u003cscript>alert(1)//"');
  });

  it("starts without consent when asked to", () => {
    expect(loaderSnippet({ writeKey: "k", appUrl: "https://a.example", consent: "off" })).toContain('sb("consent", false);');
    expect(loaderSnippet({ writeKey: "k", appUrl: "https://a.example", consent: "cookieless" })).toContain('sb("consent", "cookieless");');
    expect(loaderSnippet({ writeKey: "k", appUrl: "https://a.example" })).not.toContain("sb(\"consent\"");
  });
});
