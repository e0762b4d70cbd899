import type { HeaderReader } from "@/lib/tracking/client-address";
import { followLink, PIXEL_GIF, recordOpen } from "./follow";

// The HTTP answers of /l/{token} and /o/{token}, shared by the route handlers and the production
// server's front (lib/server), so both answer alike.

const NO_STORE = "no-store, no-cache, must-revalidate, max-age=0";

export const UNKNOWN_LINK_HTML =
  "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
  "<title>Link not found</title></head><body style=\"font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem\">" +
  "<h1>This link does not lead anywhere</h1><p>It may have been copied incompletely, or it is too old. " +
  "Open the message it came from again, or go to the sender's website directly.</p></body></html>";

export async function linkAnswer(token: string, headers: HeaderReader): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const answer = await followLink(token, headers);
  if (answer.status === 302) return { status: 302, headers: { location: answer.location, "cache-control": NO_STORE, "referrer-policy": "no-referrer" }, body: "" };
  return { status: 404, headers: { "content-type": "text/html; charset=utf-8", "cache-control": NO_STORE }, body: UNKNOWN_LINK_HTML };
}

export async function linkResponse(token: string, headers: HeaderReader): Promise<Response> {
  const answer = await linkAnswer(token, headers);
  return new Response(answer.body || null, { status: answer.status, headers: answer.headers });
}

export const PIXEL_HEADERS = {
  "content-type": "image/gif",
  "content-length": String(PIXEL_GIF.length),
  "cache-control": NO_STORE,
  pragma: "no-cache",
  expires: "0",
} as const;

/** Records the open a pixel request stands for; the answer is the same GIF either way. */
export async function recordOpenAnswer(token: string, headers: HeaderReader): Promise<void> {
  await recordOpen(token, headers);
}

export async function pixelResponse(token: string, headers: HeaderReader): Promise<Response> {
  await recordOpenAnswer(token, headers);
  return new Response(new Uint8Array(PIXEL_GIF), { status: 200, headers: PIXEL_HEADERS });
}
