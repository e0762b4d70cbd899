import { authenticateApiKey } from "@/lib/api-keys/service";
import { errorResponse, readRawBody } from "@/lib/api/respond";
import { admitTrackedEvents } from "@/lib/billing/limits";
import { getPool, utc } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { can } from "@/lib/tenancy/roles";
import { clientFacts, type HeaderReader } from "./client-address";
import { requestDrain } from "./drain-request";
import { TRACK_LIMITS, type TrackedEventInput, type TrackingSource } from "./event";
import { originAllowed } from "./origins";
import { takeToken } from "./rate-limit";
import { withoutReadablePersonalData } from "./personal-data";
import { GroupCommit } from "./group-commit";
import { validateEvents, type Rejection } from "./validate";
import { resolveWriteKey, type ResolvedWriteKey } from "./write-keys";
import { logger } from "@/lib/log";

const log = logger("tracking");

// POST /api/v1/track: check the request, validate each event, append the good ones to the inbox
// as one row and answer 202 once it is committed. Concurrent requests' rows share one INSERT
// (group-commit.ts). Storing them for good is the drain's work (drain.ts), so the answer waits
// for one small write whatever the traffic.

export const WRITE_KEY_HEADER = "x-signalboard-write-key";

/** Answers to a browser's preflight: the origin is checked on the POST itself, once the key is known. */
export const PREFLIGHT_HEADERS = {
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers": `content-type, ${WRITE_KEY_HEADER}`,
  "access-control-max-age": "86400",
} as const;

type Sender = { workspaceId: string; writeKeyId: string | null; source: TrackingSource; limitKey: string; serverSide: boolean };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The events of a body: `{batch: [...]}` or one event; with the prefix that names their fields. */
function eventsOf(body: unknown): { events: unknown[]; prefix: (index: number) => string } {
  if (!isObject(body)) throw AppError.field("body", "Send one event as a JSON object, or a batch as {\"batch\": [...]}.");
  if (body.batch === undefined) return { events: [body], prefix: () => "" };
  if (!Array.isArray(body.batch)) throw AppError.field("batch", "Must be a list of events.");
  if (body.batch.length === 0) throw AppError.field("batch", "Must hold at least one event.");
  if (body.batch.length > TRACK_LIMITS.maxBatchEvents) {
    throw AppError.field("batch", `Holds ${body.batch.length} events; send at most ${TRACK_LIMITS.maxBatchEvents} per request.`);
  }
  return { events: body.batch, prefix: (index) => `batch.${index}` };
}

/** Who sends: a secret API key (Bearer, member or higher) or a write key (body or header). */
async function senderOf(headers: HeaderReader, body: Record<string, unknown>): Promise<Sender> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new AppError("unauthorized", "Send the API key as: Authorization: Bearer <key>.");
    const key = await authenticateApiKey(match[1]!);
    if (!key) throw new AppError("unauthorized", "This API key is not valid. Server-side senders use a secret API key of role member or higher.");
    if (!can(key.role, "dashboards.edit")) throw new AppError("forbidden", "Sending events needs an API key of role member or higher.");
    return { workspaceId: key.workspaceId, writeKeyId: null, source: "server", limitKey: `api:${key.id}`, serverSide: true };
  }
  const key = await pageWriteKey(headers, body);
  return { workspaceId: key.workspaceId, writeKeyId: key.id, source: "browser", limitKey: `wk:${key.id}`, serverSide: false };
}

/**
 * The write key a page presents (body or header), live and allowed for the page's origin; the
 * snippet's other endpoints (lib/owned/popups/public.ts) authenticate the same way.
 */
export async function pageWriteKey(headers: HeaderReader, body: Record<string, unknown>): Promise<ResolvedWriteKey> {
  const presented = typeof body.write_key === "string" ? body.write_key : headers.get(WRITE_KEY_HEADER);
  if (!presented) throw AppError.field("write_key", "Send the write key as write_key in the body or the X-Signalboard-Write-Key header.", "unauthorized");
  const key = await resolveWriteKey(presented);
  if (!key) throw AppError.field("write_key", "This write key is not valid: it does not exist or was revoked.", "unauthorized");
  const origin = headers.get("origin");
  // A request without an Origin header is no page's: the origin list protects against other
  // sites' pages using the key, which is all it can do for a key that is public anyway.
  if (origin !== null && !originAllowed(key.allowedOrigins, origin)) {
    throw new AppError("forbidden", `The origin ${origin.slice(0, 200)} is not allowed for this write key. An admin can add it under Settings, Tracking.`);
  }
  return key;
}

type InboxRow = { workspaceId: string; writeKeyId: string | null; source: TrackingSource; receivedAt: string; events: string };

// The rows of concurrent requests in one statement: one array per column, unnested in order.
const INSERT_SQL = `INSERT INTO tracking_inbox (workspace_id, write_key_id, source, received_at, events)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamp(3)[], $5::jsonb[])`;

async function insertInboxRows(rows: InboxRow[]): Promise<void> {
  try {
    await getPool().query({
      name: "tracking-inbox-append",
      text: INSERT_SQL,
      values: [rows.map((r) => r.workspaceId), rows.map((r) => r.writeKeyId), rows.map((r) => r.source), rows.map((r) => r.receivedAt), rows.map((r) => r.events)],
    });
  } catch (error) {
    // Logged once per group, not once per request it fails.
    log.error("inbox write failed", { requests: rows.length, err: error });
    throw new InboxWriteFailed();
  }
}

/** A request whose events could not be written: not acknowledged, so the sender sends them again. */
class InboxWriteFailed extends Error {}

// 200 rows of at most 64 KB bound a statement to about 13 MB; two writes in flight keep the
// pool's other connections for everything else the web lane does.
const inbox = new GroupCommit(insertInboxRows, { maxRows: 200, maxInFlight: 2 });

async function append(sender: Sender, receivedAt: Date, events: TrackedEventInput[]): Promise<void> {
  await inbox.add({ workspaceId: sender.workspaceId, writeKeyId: sender.writeKeyId, source: sender.source, receivedAt: utc(receivedAt)!, events: JSON.stringify(events) });
}

const UNAVAILABLE: TrackReply = {
  status: 503,
  headers: { "retry-after": "2" },
  body: JSON.stringify({ error: { code: "unavailable", message: "The events could not be stored right now and were not accepted; send them again in a few seconds." } }),
};

function parse(raw: Buffer): Record<string, unknown> | unknown {
  if (raw.length === 0) throw AppError.field("body", "The request body is empty; send an event or a batch as JSON.");
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch {
    throw AppError.field("body", "The request body is not valid JSON.");
  }
}

/** A write key's event: from the Shopify web pixel when it says so (context.source or its library's name). */
function browserSource(declared: string | undefined, library: string | undefined): TrackingSource {
  return declared === "shopify_pixel" || library === "shopify_pixel" ? "shopify_pixel" : "browser";
}

export type TrackAnswer = { accepted: number; rejected: Rejection[] };

/**
 * What the event API reads of a request. The Next route passes a Web Request's; the production
 * front (lib/server/track-front.ts) passes a node request's directly, as building Web Request and
 * Response objects costs more than the rest of a small request's work.
 */
export type TrackInput = { headers: HeaderReader; readBody(maxBytes: number): Promise<Buffer> };

/** An answer: its status, headers (JSON content type aside) and JSON text. */
export type TrackReply = { status: number; headers: Record<string, string>; body: string };

/** Everything but the answer's CORS headers. */
async function track(input: TrackInput, now: Date): Promise<{ status: number; body: TrackAnswer }> {
  const { headers } = input;
  const body = parse(await input.readBody(TRACK_LIMITS.maxBodyBytes));
  const { events, prefix } = eventsOf(body);
  const sender = await senderOf(headers, body as Record<string, unknown>);
  const wait = takeToken(sender.limitKey, now.getTime());
  if (wait !== null) throw new AppError("rate_limited", `Too many requests for this key; retry in ${wait} s.`, { retryAfterSeconds: wait });

  const { valid, rejected } = validateEvents(events, now, prefix);
  if (valid.length === 0) {
    const fields = Object.fromEntries(rejected.map((r) => [r.field, r.message]));
    throw new AppError("bad_request", `No event was accepted (${rejected.map((r) => `${r.field}: ${r.message}`).join("; ")})`.slice(0, 2000), { fields });
  }
  // Over the month's quota the whole request is refused, so the sender knows none were kept.
  await admitTrackedEvents(sender.workspaceId, valid.length, now);
  const requestFacts = clientFacts(headers, now);
  const stored: TrackedEventInput[] = valid.map((event) => {
    const { ip, source, ...context } = event.context;
    // A server-side sender may pass its visitor's address, user agent and country; a browser's
    // are its own request's. The address itself is never kept.
    const facts = sender.serverSide && ip ? clientFacts(headers, now, ip) : requestFacts;
    if (!sender.serverSide) context.user_agent ??= facts.userAgent ?? undefined;
    if (!context.user_agent) delete context.user_agent;
    const country = sender.serverSide ? (context.country ?? facts.country) : (facts.country ?? context.country);
    if (country) context.country = country;
    return {
      ...event,
      properties: withoutReadablePersonalData(event.properties),
      context,
      source: sender.serverSide ? "server" : browserSource(source, context.library?.name),
      ip_hash: facts.ipHash,
      ip_prefix: facts.ipPrefix,
    };
  });
  await append(sender, now, stored);
  requestDrain(now);
  return { status: 202, body: { accepted: stored.length, rejected } };
}

export function corsHeaders(origin: string | null, allowed: boolean): Record<string, string> {
  return origin && allowed ? { "access-control-allow-origin": origin, vary: "Origin" } : { vary: "Origin" };
}

/** Answers POST /api/v1/track end to end; never throws. */
export async function answerTrack(input: TrackInput, now = new Date()): Promise<TrackReply> {
  const origin = input.headers.get("origin");
  try {
    const { status, body } = await track(input, now);
    return { status, headers: corsHeaders(origin, true), body: JSON.stringify(body) };
  } catch (error) {
    // A refused origin must not be readable by that origin's page; every other answer is.
    const cors = corsHeaders(origin, !(error instanceof AppError && error.code === "forbidden"));
    if (error instanceof InboxWriteFailed) return { ...UNAVAILABLE, headers: { ...UNAVAILABLE.headers, ...cors } };
    const response = errorResponse(error);
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    return { status: response.status, headers: { ...headers, ...cors }, body: await response.text() };
  }
}

/** The Next route's POST /api/v1/track. */
export async function handleTrack(request: Request, now = new Date()): Promise<Response> {
  const reply = await answerTrack({ headers: request.headers, readBody: (maxBytes) => readRawBody(request, maxBytes) }, now);
  return new Response(reply.body, { status: reply.status, headers: { ...reply.headers, "content-type": "application/json" } });
}

/** The answer to a browser's preflight: the origin is checked on the POST itself, once the key is known. */
export function preflightHeaders(origin: string | null): Record<string, string> {
  return { ...PREFLIGHT_HEADERS, ...(origin ? { "access-control-allow-origin": origin, vary: "Origin" } : {}) };
}

export function handleTrackPreflight(request: Request): Response {
  return new Response(null, { status: 204, headers: preflightHeaders(request.headers.get("origin")) });
}
