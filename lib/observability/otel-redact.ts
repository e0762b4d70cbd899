import type { Attributes, AttributeValue } from "@opentelemetry/api";
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base";
import { isPersonalKey, isSecretKey, redactText } from "../log/redact";

// What leaves the process for a collector passes through here: Signalboard's own spans carry no
// query string, secret or email, but Next.js traces its own work as soon as a tracer provider is
// registered, and those spans name the raw request target (query string and token paths included).
// Every exported span is therefore shown to the exporter as a scrubbed copy.

/** Attributes that hold a request target or URL: their query string is dropped whole. */
const URL_KEYS = new Set(["http.target", "http.url", "url.full", "url.path", "next.rsc", "http.request.url"]);
const DROPPED_KEYS = new Set(["url.query"]);
/** Pages and endpoints whose path carries a secret (a sink, a reset, an invitation, a tracked link or open). */
const TOKEN_PATH = /\/(sink|reset-password|invite|o|l)\/[^/?#\s]+/g;
/** Any other long opaque segment is treated as a token rather than an id worth keeping. */
const OPAQUE_SEGMENT = /\/[A-Za-z0-9_~.-]{32,}(?=[/?#]|$)/g;

/** A path or URL without its query string or fragment, and with token segments masked. */
export function safeTarget(value: string): string {
  const bare = value.replace(/[?#].*$/s, "");
  return redactText(bare.replace(TOKEN_PATH, "/$1/[token]").replace(OPAQUE_SEGMENT, "/[token]"));
}

function scrubValue(key: string, value: AttributeValue): AttributeValue {
  // Attribute names are dotted ("user.email"); the log rules expect words joined by underscores.
  const words = key.replace(/\./g, "_");
  if (isSecretKey(words) || isPersonalKey(words)) return "[redacted]";
  if (typeof value === "string") return URL_KEYS.has(key) ? safeTarget(value) : redactText(value);
  if (Array.isArray(value)) return value.map((inner) => (typeof inner === "string" ? redactText(inner) : inner)) as AttributeValue;
  return value;
}

export function scrubAttributes(attributes: Attributes): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || DROPPED_KEYS.has(key)) continue;
    out[key] = scrubValue(key, value);
  }
  return out;
}

/** The span as the exporter will see it: name, attributes, events and status message scrubbed; the rest read through. */
export function scrubSpan(span: ReadableSpan): ReadableSpan {
  return Object.create(span, {
    name: { value: safeTarget(span.name) },
    attributes: { value: scrubAttributes(span.attributes) },
    events: { value: span.events.map((event) => ({ ...event, name: redactText(event.name), attributes: event.attributes && scrubAttributes(event.attributes) })) },
    status: { value: span.status.message ? { ...span.status, message: redactText(span.status.message) } : span.status },
  }) as ReadableSpan;
}

export class RedactingSpanExporter implements SpanExporter {
  constructor(private readonly inner: SpanExporter) {}

  export(spans: ReadableSpan[], done: Parameters<SpanExporter["export"]>[1]): void {
    this.inner.export(spans.map(scrubSpan), done);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush?.() ?? Promise.resolve();
  }
}
