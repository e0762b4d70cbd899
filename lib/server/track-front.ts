import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { handleTrack, handleTrackPreflight } from "@/lib/tracking/ingest";

// The event API served in front of Next.js: POST and OPTIONS /api/v1/track go straight to the
// same handler the Next route calls (lib/tracking/ingest.ts), without Next's routing, which costs
// several times the handler's own work per request; everything else goes to Next untouched.

export const TRACK_PATH = "/api/v1/track";

/** Whether the front answers this request itself. */
export function isTrackRequest(request: IncomingMessage): boolean {
  if (request.method !== "POST" && request.method !== "OPTIONS") return false;
  const url = request.url ?? "";
  const query = url.indexOf("?");
  return (query < 0 ? url : url.slice(0, query)) === TRACK_PATH;
}

/** The Web request the handler takes, with the headers Next itself would add. */
function webRequest(request: IncomingMessage): Request {
  const headers = new Headers();
  const raw = request.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  // Next fills in the socket's address when no proxy sent one (lib/auth/rate-limit.ts reads it
  // only with TRUSTED_PROXY_HOPS set); the same here, so both paths see one client.
  if (!headers.has("x-forwarded-for") && request.socket.remoteAddress) headers.set("x-forwarded-for", request.socket.remoteAddress);
  const url = `http://${headers.get("host") ?? "localhost"}${request.url ?? TRACK_PATH}`;
  if (request.method !== "POST") return new Request(url, { method: request.method, headers });
  return new Request(url, { method: "POST", headers, body: Readable.toWeb(request) as ReadableStream<Uint8Array>, duplex: "half" } as RequestInit);
}

async function send(response: Response, to: ServerResponse): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  headers["content-length"] = String(body.length);
  to.writeHead(response.status, headers);
  to.end(body);
}

/** Answers a request `isTrackRequest` accepted; never rejects. */
export async function serveTrack(request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    const web = webRequest(request);
    await send(request.method === "POST" ? await handleTrack(web) : handleTrackPreflight(web), response);
  } catch (error) {
    // handleTrack answers every failure itself; this is the conversion failing (a socket gone).
    console.error(`[tracking] front: ${error instanceof Error ? error.message : String(error)}`);
    if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
    response.end(JSON.stringify({ error: { code: "internal", message: "Something went wrong on our side. It has been logged." } }));
  }
}
