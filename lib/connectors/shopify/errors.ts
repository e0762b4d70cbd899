import { ConnectorError, MALFORMED_EXPORT_LINE, type ConnectorErrorKind } from "../common/errors";

// Typed failures of the Shopify data plane, as ConnectorErrors so the sync engine treats a store
// like any other platform: ShopifyAuthError -> connection needs_reauth; ShopifyApiError -> a
// failed run, retried when its kind says so; BulkParseError -> a failed run whose checkpoint stays
// at the last committed line.

const PROVIDER = "shopify";

// What another try can fix: our own network failures and non-JSON answers (a proxy's error page),
// Shopify's own outages, and bulk work that is still running or has not yet finished elsewhere.
const TRANSIENT_CODES = new Set(["NETWORK", "INVALID_RESPONSE", "INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE", "TIMEOUT", "BULK_TIMEOUT", "OPERATION_IN_PROGRESS"]);
const BAD_RESPONSE_CODES = new Set(["NO_DATA", "BAD_TOKEN_RESPONSE"]);

/** The kind of a Shopify failure, from its code (GraphQL extensions.code or ours) and HTTP status. */
export function shopifyErrorKind(code: string, status: number | null): ConnectorErrorKind {
  if (code === "THROTTLED" || status === 429) return "rate_limited";
  if (TRANSIENT_CODES.has(code) || (status !== null && status >= 500)) return "transient";
  if (BAD_RESPONSE_CODES.has(code)) return "bad_response";
  return "bad_request";
}

/** The token was rejected (HTTP 401/403, or a GraphQL ACCESS_DENIED): reconnect the store. */
export class ShopifyAuthError extends ConnectorError {
  constructor(message: string, status: number | null = null) {
    super("auth", PROVIDER, message, { status });
    this.name = "ShopifyAuthError";
  }
}

/** Shopify answered with an error; `kind` says whether it is worth another try. */
export class ShopifyApiError extends ConnectorError {
  /** GraphQL extensions.code (e.g. MAX_COST_EXCEEDED), or HTTP_<status>, or NETWORK. */
  readonly code: string;
  constructor(message: string, code: string, status: number | null = null, extra: { retryAfterMs?: number | null; cause?: unknown } = {}) {
    super(shopifyErrorKind(code, status), PROVIDER, message, { ...extra, providerCode: code, status });
    this.name = "ShopifyApiError";
    this.code = code;
  }
}

/** A bulk JSONL file could not be read at `lineNumber` (1-based). */
export class BulkParseError extends ConnectorError {
  readonly lineNumber: number;
  constructor(lineNumber: number, message: string) {
    super("bad_response", PROVIDER, `bulk JSONL line ${lineNumber}: ${message}`, { providerCode: MALFORMED_EXPORT_LINE });
    this.name = "BulkParseError";
    this.lineNumber = lineNumber;
  }
}
