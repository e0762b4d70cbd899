import { authenticateApiKey } from "@/lib/api-keys/service";
import { errorResponse, readRawBody } from "@/lib/api/respond";
import { getPool, utc } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { can } from "@/lib/tenancy/roles";
import { clientFacts } from "./client-address";
import { requestDrain } from "./drain-request";
import { TRACK_LIMITS, type TrackedEventInput, type TrackingSource } from "./event";
import { originAllowed } from "./origins";
import { takeToken } from "./rate-limit";
import { withoutReadablePersonalData } from "./personal-data";
import { GroupCommit } from "./group-commit";
import { validateEvents, type Rejection } from "./validate";
import { resolveWriteKey } from "./write-keys";

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
async function senderOf(request: Request, body: Record<string, unknown>): Promise<Sender> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) throw new AppError("unauthorized", "Send the API key as: Authorization: Bearer <key>.");
    const key = await authenticateApiKey(match[1]!);
    if (!key) throw new AppError("unauthorized", "This API key is not valid. Server-side senders use a secret API key of role member or higher.");
    if (!can(key.role, "dashboards.edit")) throw new AppError("forbidden", "Sending events needs an API key of role member or higher.");
    return { workspaceId: key.workspaceId, writeKeyId: null, source: "server", limitKey: `api:${key.id}`, serverSide: true };
  }
  const presented = typeof body.write_key === "string" ? body.write_key : request.headers.get(WRITE_KEY_HEADER);
  if (!presented) throw AppError.field("write_key", "Send the write key as write_key in the body or the X-Signalboard-Write-Key header.", "unauthorized");
  const key = await resolveWriteKey(presented);
  if (!key) throw AppError.field("write_key", "This write key is not valid: it does not exist or was revoked.", "unauthorized");
  const origin = request.headers.get("origin");
  // A request without an Origin header is no page's: the origin list protects against other
  // sites' pages using the key, which is all it can do for a key that is public anyway.
  if (origin !== null && !originAllowed(key.allowedOrigins, origin)) {
    throw new AppError("forbidden", `The origin ${origin.slice(0, 200)} is not allowed for this write key. An admin can add it under Settings, Tracking.`);
  }
  return { workspaceId: key.workspaceId, writeKeyId: key.id, source: "browser", limitKey: `wk:${key.id}`, serverSide: false };
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
    console.error(`[tracking] inbox write of ${rows.length} requests failed: ${error instanceof Error ? error.message : String(error)}`);
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

const unavailable = () =>
  Response.json(
    { error: { code: "unavailable", message: "The events could not be stored right now and were not accepted; send them again in a few seconds." } },
    { status: 503, headers: { "retry-after": "2" } },
  );

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

/** Everything but the answer's CORS headers. */
async function track(request: Request, now: Date): Promise<{ status: number; body: TrackAnswer }> {
  const body = parse(await readRawBody(request, TRACK_LIMITS.maxBodyBytes));
  const { events, prefix } = eventsOf(body);
  const sender = await senderOf(request, body as Record<string, unknown>);
  const wait = takeToken(sender.limitKey, now.getTime());
  if (wait !== null) throw new AppError("rate_limited", `Too many requests for this key; retry in ${wait} s.`, { retryAfterSeconds: wait });

  const { valid, rejected } = validateEvents(events, now, prefix);
  if (valid.length === 0) {
    const fields = Object.fromEntries(rejected.map((r) => [r.field, r.message]));
    throw new AppError("bad_request", `No event was accepted (${rejected.map((r) => `${r.field}: ${r.message}`).join("; ")})`.slice(0, 2000), { fields });
  }
  const requestFacts = clientFacts(request.headers, now);
  const stored: TrackedEventInput[] = valid.map((event) => {
    const { ip, source, ...context } = event.context;
    // A server-side sender may pass its visitor's address, user agent and country; a browser's
    // are its own request's. The address itself is never kept.
    const facts = sender.serverSide && ip ? clientFacts(request.headers, now, ip) : requestFacts;
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

function corsHeaders(request: Request, allowed: boolean): Record<string, string> {
  const origin = request.headers.get("origin");
  return origin && allowed ? { "access-control-allow-origin": origin, vary: "Origin" } : { vary: "Origin" };
}

/** Handles POST /api/v1/track end to end; never throws. */
export async function handleTrack(request: Request, now = new Date()): Promise<Response> {
  try {
    const { status, body } = await track(request, now);
    return Response.json(body, { status, headers: corsHeaders(request, true) });
  } catch (error) {
    const response = error instanceof InboxWriteFailed ? unavailable() : errorResponse(error);
    // A refused origin must not be readable by that origin's page; every other answer is.
    const allowed = !(error instanceof AppError && error.code === "forbidden");
    for (const [name, value] of Object.entries(corsHeaders(request, allowed))) response.headers.set(name, value);
    return response;
  }
}

export function handleTrackPreflight(request: Request): Response {
  const origin = request.headers.get("origin");
  return new Response(null, { status: 204, headers: { ...PREFLIGHT_HEADERS, ...(origin ? { "access-control-allow-origin": origin, vary: "Origin" } : {}) } });
}
