import { NextResponse } from "next/server";
import { isDatabaseUnavailable } from "@/lib/db/unavailable";
import { AppError } from "@/lib/errors";
import { refuseNulCharacters } from "@/lib/validation";
import { logger } from "@/lib/log";

const log = logger("api");

export function errorResponse(error: unknown): NextResponse {
  if (error instanceof AppError) {
    const headers: Record<string, string> = {};
    if (error.retryAfterSeconds) headers["Retry-After"] = String(error.retryAfterSeconds);
    return NextResponse.json({ error: { code: error.code, message: error.message, fields: error.fields } }, { status: error.status, headers });
  }
  if (isDatabaseUnavailable(error)) {
    log.error("database unavailable", { message: error instanceof Error ? error.message.split("\n").at(-1) : String(error) });
    return NextResponse.json(
      { error: { code: "unavailable", message: "Signalboard cannot reach its database right now. Try again in a few seconds." } },
      { status: 503, headers: { "Retry-After": "5" } },
    );
  }
  log.error("unexpected error", error);
  return NextResponse.json({ error: { code: "internal", message: "Something went wrong on our side. It has been logged." } }, { status: 500 });
}

export const MAX_JSON_BYTES = 1024 * 1024;

/** The raw body bytes, refusing more than `maxBytes` (declared or actually sent) with a 413. */
export async function readRawBody(request: Request, maxBytes = MAX_JSON_BYTES): Promise<Buffer> {
  const tooLarge = () => new AppError("payload_too_large", `The request body is larger than ${maxBytes} bytes.`);
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge();
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (reader) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** The media type of a Content-Type header, without its parameters ("application/json; charset=utf-8" -> "application/json"). */
export function mediaType(header: string | null): string {
  return (header ?? "").split(";")[0]!.trim().toLowerCase();
}

/** Reads a JSON body, refusing oversized (413) or malformed (400) ones before any handler sees them. */
export async function readJson(request: Request, maxBytes = MAX_JSON_BYTES): Promise<unknown> {
  // The media type itself, not a substring: "text/plain;application/json" is what a cross-site
  // form can send without a preflight, and it is not JSON.
  if (mediaType(request.headers.get("content-type")) !== "application/json") {
    throw new AppError("bad_request", "Send the body as JSON with Content-Type: application/json.");
  }
  const text = (await readRawBody(request, maxBytes)).toString("utf8");
  if (!text.trim()) throw new AppError("bad_request", "The request body is empty; send a JSON object.");
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "The request body is not valid JSON.");
  }
  refuseNulCharacters(body);
  return body;
}
