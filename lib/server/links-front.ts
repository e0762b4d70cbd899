import type { IncomingMessage, ServerResponse } from "node:http";
import { PIXEL_GIF } from "@/lib/owned/links/follow";
import { linkAnswer, PIXEL_HEADERS, recordOpenAnswer } from "@/lib/owned/links/respond";
import type { HeaderReader } from "@/lib/tracking/client-address";
import { logger } from "@/lib/log";

const log = logger("links");

// The tracked-link redirect and the open pixel served in front of Next.js, like the event API
// (track-front.ts): GET /l/{token} and /o/{token} go straight to the handlers the Next routes
// call (lib/owned/links/respond.ts), without Next's routing, which costs several times their own
// work; email clicks and opens come in bursts right after a campaign goes out.

const LINK = /^\/([lo])\/([A-Za-z0-9_-]{1,200})(?:\?.*)?$/;

/** Whether the front answers this request itself: the path and method, nothing else. */
export function isLinkRequest(request: IncomingMessage): boolean {
  return (request.method === "GET" || request.method === "HEAD") && LINK.test(request.url ?? "");
}

function headersOf(request: IncomingMessage): HeaderReader {
  return {
    get(name: string) {
      const key = name.toLowerCase();
      const value = request.headers[key];
      // As Next does: the socket's address stands in when no proxy sent one.
      if (value === undefined) return key === "x-forwarded-for" ? (request.socket.remoteAddress ?? null) : null;
      return Array.isArray(value) ? value.join(", ") : value;
    },
  };
}

/** Answers a request `isLinkRequest` accepted; never rejects. */
export async function serveLink(request: IncomingMessage, response: ServerResponse): Promise<void> {
  const [, kind, token] = LINK.exec(request.url ?? "")!;
  try {
    if (kind === "o") {
      await recordOpenAnswer(token!, headersOf(request));
      response.writeHead(200, PIXEL_HEADERS);
      response.end(request.method === "HEAD" ? undefined : PIXEL_GIF);
      return;
    }
    const answer = await linkAnswer(token!, headersOf(request));
    response.writeHead(answer.status, answer.headers);
    response.end(request.method === "HEAD" ? undefined : answer.body || undefined);
  } catch (error) {
    log.error("unexpected error", error);
    if (!response.headersSent) response.writeHead(kind === "o" ? 200 : 404, kind === "o" ? PIXEL_HEADERS : { "content-type": "text/plain" });
    response.end(kind === "o" ? PIXEL_GIF : "Not found");
  }
}
