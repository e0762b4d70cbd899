import type { IncomingMessage, ServerResponse } from "node:http";
import { AppError } from "@/lib/errors";
import { answerTrack, preflightHeaders, type TrackInput } from "@/lib/tracking/ingest";
import { logger } from "@/lib/log";

const log = logger("tracking");

// The event API served in front of Next.js: POST and OPTIONS /api/v1/track go straight to the
// same handler the Next route calls (lib/tracking/ingest.ts), without Next's routing, which costs
// several times the handler's own work per request; everything else goes to Next untouched. The
// node request is read as it is: no Web Request or Response is built for it.

export const TRACK_PATH = "/api/v1/track";

/** Whether the front answers this request itself. */
export function isTrackRequest(request: IncomingMessage): boolean {
  if (request.method !== "POST" && request.method !== "OPTIONS") return false;
  const url = request.url ?? "";
  const query = url.indexOf("?");
  return (query < 0 ? url : url.slice(0, query)) === TRACK_PATH;
}

/** One header as the Web's Headers.get gives it: repeated ones joined with ", ". */
function header(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(", ") : value;
}

/** The body, refusing more than `maxBytes` (declared or actually sent) with a 413, as readRawBody does. */
function readBody(request: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const tooLarge = () => new AppError("payload_too_large", `The request body is larger than ${maxBytes} bytes.`);
  if (Number(request.headers["content-length"] ?? "0") > maxBytes) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        request.off("data", onData);
        // The rest is left unread; node discards it once the answer is sent.
        request.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    };
    request.on("data", onData);
    request.once("end", () => resolve(Buffer.concat(chunks)));
    request.once("error", reject);
  });
}

function inputOf(request: IncomingMessage): TrackInput {
  return {
    headers: {
      get(name: string) {
        const value = header(request, name.toLowerCase());
        // Next fills in the socket's address when no proxy sent one (lib/auth/rate-limit.ts reads
        // it only with TRUSTED_PROXY_HOPS set); the same here, so both paths see one client.
        if (value === null && name.toLowerCase() === "x-forwarded-for") return request.socket.remoteAddress ?? null;
        return value;
      },
    },
    readBody: (maxBytes) => readBody(request, maxBytes),
  };
}

/** Answers a request `isTrackRequest` accepted; never rejects. */
export async function serveTrack(request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    if (request.method !== "POST") {
      response.writeHead(204, preflightHeaders(header(request, "origin"))).end();
      return;
    }
    const reply = await answerTrack(inputOf(request));
    response.writeHead(reply.status, { ...reply.headers, "content-type": "application/json", "content-length": Buffer.byteLength(reply.body) });
    response.end(reply.body);
  } catch (error) {
    // answerTrack answers every failure itself; this is writing the answer failing (a socket gone).
    log.error("answer not written", error);
    if (!response.headersSent) response.writeHead(500, { "content-type": "application/json" });
    response.end(JSON.stringify({ error: { code: "internal", message: "Something went wrong on our side. It has been logged." } }));
  }
}
