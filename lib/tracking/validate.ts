import { isIP } from "node:net";
import {
  CLICK_ID_KEYS,
  EARLIEST_EVENT_TIME,
  MAX_FUTURE_SKEW_MS,
  OWNED_CLICK_KEY,
  OWNED_CLICK_PATTERN,
  TRACK_LIMITS,
  UTM_KEYS,
  type EventContext,
  type TrackedEventInput,
} from "./event";

// Validation of wire events, one at a time, so a bad event is named (its index and field) and
// the good ones of the same request are still accepted. Hand-written rather than a schema
// library: it runs for every event of every request, and each rule says which field it is about.

export type Rejection = { index: number; field: string; message: string };

/** A validated event, before the request's client address is added to it. */
export type ValidEvent = Omit<TrackedEventInput, "ip_hash" | "ip_prefix" | "source">;

const CAMPAIGN_KEYS: readonly string[] = [...UTM_KEYS, ...CLICK_ID_KEYS];
const CAMPAIGN_VALUE_MAX = 512;

class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function text(value: unknown, field: string, max: number): string {
  if (typeof value !== "string") throw new FieldError(field, "Must be a string.");
  if (value.length === 0) throw new FieldError(field, "Must not be empty.");
  if (value.length > max) throw new FieldError(field, `Use at most ${max} characters.`);
  const flaw = unstorable(value);
  if (flaw) throw new FieldError(field, flaw);
  return value;
}

// Postgres's text and jsonb cannot hold NUL, nor an unpaired UTF-16 surrogate (which JSON can
// carry as a \uD800 escape); refused here, one event cannot fail the inbox write it shares with
// other requests.
const NUL_MESSAGE = "Remove the NUL character (\\u0000) from this value.";
const SURROGATE_MESSAGE = "Holds an unpaired surrogate (half of a character, e.g. \\uD800); send well-formed Unicode text.";

/** Why Postgres could not store `value`, or null. */
function unstorable(value: string): string | null {
  if (value.includes("\u0000")) return NUL_MESSAGE;
  return value.isWellFormed() ? null : SURROGATE_MESSAGE;
}

function optionalText(value: unknown, field: string, max: number): string | null {
  return value === undefined || value === null || value === "" ? null : text(value, field, max);
}

/** Parses an ISO 8601 instant; one without a zone or offset would be read in some unknown zone, so it is refused. */
function occurredAt(value: unknown, receivedAt: Date): string {
  if (value === undefined || value === null) return receivedAt.toISOString();
  if (typeof value !== "string") throw new FieldError("timestamp", "Must be an ISO 8601 string, e.g. 2026-12-05T10:15:00Z.");
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value)) {
    throw new FieldError("timestamp", "Must be an ISO 8601 date and time with a zone, e.g. 2026-12-05T10:15:00Z.");
  }
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new FieldError("timestamp", "Is not a real date and time.");
  if (time < EARLIEST_EVENT_TIME.getTime()) throw new FieldError("timestamp", "Is before 2000-01-01; events that old are refused.");
  if (time > receivedAt.getTime() + MAX_FUTURE_SKEW_MS) throw new FieldError("timestamp", "Is more than an hour in the future; check the sender's clock.");
  return new Date(time).toISOString();
}

const MAX_PROPERTY_DEPTH = 16;

/** Where a nested value or key holds what Postgres cannot store, and why; null when nothing does. */
function unstorablePath(value: unknown, depth = 0): { path: string; flaw: string } | null {
  if (typeof value === "string") {
    const flaw = unstorable(value);
    return flaw ? { path: "", flaw } : null;
  }
  if (typeof value !== "object" || value === null) return null;
  // Deeper than this is not looked into, so it is not taken either.
  if (depth > MAX_PROPERTY_DEPTH) return { path: "", flaw: `Is nested more than ${MAX_PROPERTY_DEPTH} levels deep; send flatter properties.` };
  for (const [key, inner] of Object.entries(value)) {
    const keyFlaw = unstorable(key);
    // A bad key is named by what is left of it once the bad characters are dropped.
    if (keyFlaw) return { path: key.replaceAll("\u0000", "").toWellFormed(), flaw: keyFlaw };
    const found = unstorablePath(inner, depth + 1);
    if (found) return { path: found.path ? `${key}.${found.path}` : key, flaw: found.flaw };
  }
  return null;
}

function properties(event: Record<string, unknown>): Record<string, unknown> {
  const field = event.properties !== undefined ? "properties" : "extra";
  const value = event.properties ?? event.extra;
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new FieldError(field, "Must be an object of named values.");
  const found = unstorablePath(value);
  if (found) throw new FieldError(`${field}.${found.path}`, found.flaw);
  return value;
}

/** Campaign parameters the page URL carries and the sender did not set itself. */
function campaignFromUrl(pageUrl: string | null, context: EventContext): void {
  if (!pageUrl || !pageUrl.includes("?")) return;
  let params: URLSearchParams;
  try {
    params = new URL(pageUrl).searchParams;
  } catch {
    return;
  }
  const target = context as Record<string, string | undefined>;
  for (const key of CAMPAIGN_KEYS) {
    const value = params.get(key);
    if (value && target[key] === undefined) target[key] = value.slice(0, CAMPAIGN_VALUE_MAX);
  }
  // A mangled click id in a URL is not the sender's fault: it is left out, not refused.
  const click = params.get(OWNED_CLICK_KEY);
  if (click && context.sb_cid === undefined && OWNED_CLICK_PATTERN.test(click)) context.sb_cid = click;
}

function ownedClick(value: unknown): string | null {
  const found = optionalText(value, `context.${OWNED_CLICK_KEY}`, 64);
  if (found !== null && !OWNED_CLICK_PATTERN.test(found)) throw new FieldError(`context.${OWNED_CLICK_KEY}`, "Must be the click id the tracked link added to the URL (letters, digits, - and _).");
  return found;
}

const CONTEXT_TEXT: Record<string, number> = { user_agent: 1024, locale: 35, timezone: 64, page_title: 512 };
/** What a write key's sender may say collected an event; "server" is for secret API keys only. */
const BROWSER_SOURCES: readonly string[] = ["browser", "shopify_pixel"];

/** The known context fields, checked; anything else a sender puts in context is dropped. */
function context(value: unknown): EventContext {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new FieldError("context", "Must be an object.");
  const out: Record<string, unknown> = {};
  for (const key of CAMPAIGN_KEYS) {
    const found = optionalText(value[key], `context.${key}`, CAMPAIGN_VALUE_MAX);
    if (found !== null) out[key] = found;
  }
  const click = ownedClick(value[OWNED_CLICK_KEY]);
  if (click !== null) out[OWNED_CLICK_KEY] = click;
  for (const [key, max] of Object.entries(CONTEXT_TEXT)) {
    const found = optionalText(value[key], `context.${key}`, max);
    if (found !== null) out[key] = found;
  }
  if (value.screen !== undefined && value.screen !== null) {
    const screen = value.screen;
    const dimension = (n: unknown) => Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 100_000;
    if (!isObject(screen) || !dimension(screen.width) || !dimension(screen.height)) {
      throw new FieldError("context.screen", "Use {\"width\": <pixels>, \"height\": <pixels>} with whole numbers.");
    }
    out.screen = { width: screen.width, height: screen.height };
  }
  if (value.library !== undefined && value.library !== null) {
    if (!isObject(value.library)) throw new FieldError("context.library", "Use {\"name\": ..., \"version\": ...}.");
    const name = text(value.library.name, "context.library.name", 64);
    const version = optionalText(value.library.version, "context.library.version", 32);
    out.library = version === null ? { name } : { name, version };
  }
  if (value.webdriver !== undefined && value.webdriver !== null) {
    if (typeof value.webdriver !== "boolean") throw new FieldError("context.webdriver", "Must be true or false.");
    out.webdriver = value.webdriver;
  }
  if (value.source !== undefined && value.source !== null) {
    if (typeof value.source !== "string" || !BROWSER_SOURCES.includes(value.source)) throw new FieldError("context.source", 'Use "browser" or "shopify_pixel".');
    out.source = value.source;
  }
  if (value.ip !== undefined && value.ip !== null) {
    if (typeof value.ip !== "string" || isIP(value.ip) === 0) throw new FieldError("context.ip", "Must be an IPv4 or IPv6 address.");
    out.ip = value.ip;
  }
  if (value.country !== undefined && value.country !== null) {
    if (typeof value.country !== "string" || !/^[A-Za-z]{2}$/.test(value.country)) throw new FieldError("context.country", "Use a two-letter country code, e.g. DE.");
    out.country = value.country.toUpperCase();
  }
  return out as EventContext;
}

/** One wire event checked and normalised; throws a FieldError naming the first bad field. */
function validEvent(raw: unknown, receivedAt: Date): ValidEvent {
  if (!isObject(raw)) throw new FieldError("", "Each event must be a JSON object.");
  const event = text(raw.event, "event", TRACK_LIMITS.maxEventNameLength);
  const messageId = text(raw.message_id, "message_id", TRACK_LIMITS.maxMessageIdLength);
  const anonymousId = text(raw.anonymous_id, "anonymous_id", TRACK_LIMITS.maxIdLength);
  const at = occurredAt(raw.timestamp, receivedAt);
  const userId = optionalText(raw.user_id, "user_id", TRACK_LIMITS.maxIdLength);
  const pageUrl = optionalText(raw.page_url, "page_url", TRACK_LIMITS.maxUrlLength);
  const referrer = optionalText(raw.referrer, "referrer", TRACK_LIMITS.maxUrlLength);
  const props = properties(raw);
  const eventContext = context(raw.context);
  campaignFromUrl(pageUrl, eventContext);
  return {
    event,
    message_id: messageId,
    anonymous_id: anonymousId,
    occurred_at: at,
    user_id: userId,
    page_url: pageUrl,
    referrer,
    properties: props,
    context: eventContext,
  };
}

/**
 * Splits wire events into the valid ones and a rejection for each other one. `prefix` makes the
 * field name the caller's ("batch.3.timestamp" for a batch, "timestamp" for a single event).
 */
export function validateEvents(raw: readonly unknown[], receivedAt: Date, prefix: (index: number) => string): { valid: ValidEvent[]; rejected: Rejection[] } {
  const valid: ValidEvent[] = [];
  const rejected: Rejection[] = [];
  raw.forEach((item, index) => {
    try {
      valid.push(validEvent(item, receivedAt));
    } catch (error) {
      if (!(error instanceof FieldError)) throw error;
      const base = prefix(index);
      const field = [base, error.field].filter(Boolean).join(".") || "body";
      rejected.push({ index, field, message: error.message });
    }
  });
  return { valid, rejected };
}
