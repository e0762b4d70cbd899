import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

// /sb.js is fetched on every page of every store that installs it, so it is sent compact and
// cached: browsers keep it an hour and may use it for a week while they revalidate in the
// background (a fix reaches every store within the hour), and the ETag makes the revalidation
// a 304.

const SOURCE = path.join(process.cwd(), "lib", "tracking", "snippet", "sb.js");
/** The on-site messages' part, which sb.js loads only on pages that have pop-ups. */
export const POPUPS_SOURCE = path.join(process.cwd(), "lib", "owned", "popups", "sb-popups.js");
export const SNIPPET_CACHE_CONTROL = "public, max-age=3600, stale-while-revalidate=604800";

/**
 * The source without its comment lines and indentation. Line breaks stay where they are, so
 * automatic semicolon insertion reads the code exactly as written; that is all this does, which
 * is why it needs no minifier.
 */
export function compactScript(source: string): string {
  return source
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("//"))
    .join("\n");
}

type Snippet = { body: string; etag: string; version: string };
const loaded = new Map<string, Snippet>();

export function snippetScript(source = SOURCE): Snippet {
  const known = loaded.get(source);
  if (known) return known;
  const body = compactScript(fs.readFileSync(source, "utf8"));
  const version = /VERSION = "([^"]+)"/.exec(body)?.[1] ?? /VERSION = "([^"]+)"/.exec(fs.readFileSync(SOURCE, "utf8"))?.[1] ?? "unknown";
  const etag = `"${crypto.createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`;
  const snippet = { body, etag, version };
  loaded.set(source, snippet);
  return snippet;
}

/** The answer to GET /sb.js (or another of the snippet's scripts), a 304 when the browser already holds this version. */
export function snippetResponse(ifNoneMatch: string | null, source = SOURCE): Response {
  const { body, etag, version } = snippetScript(source);
  const headers = {
    "Content-Type": "text/javascript; charset=utf-8",
    "Cache-Control": SNIPPET_CACHE_CONTROL,
    ETag: etag,
    "X-Snippet-Version": version,
    "X-Content-Type-Options": "nosniff",
    // Stores that isolate their pages (Cross-Origin-Embedder-Policy) may still load it.
    "Cross-Origin-Resource-Policy": "cross-origin",
  };
  const matches = (ifNoneMatch ?? "").split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
  return matches ? new Response(null, { status: 304, headers }) : new Response(body, { status: 200, headers });
}
