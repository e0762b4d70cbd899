// Typed failures of the Shopify data plane. The sync engine maps them: ShopifyAuthError ->
// connection needs_reauth; ShopifyApiError -> a failed run with the message (retried later);
// BulkParseError -> a failed run whose checkpoint stays at the last committed line.

/** The token was rejected (HTTP 401/403, or a GraphQL ACCESS_DENIED): reconnect the store. */
export class ShopifyAuthError extends Error {
  readonly status: number | null;
  constructor(message: string, status: number | null = null) {
    super(message);
    this.name = "ShopifyAuthError";
    this.status = status;
  }
}

/** Shopify answered with an error we do not (or no longer) retry. */
export class ShopifyApiError extends Error {
  /** GraphQL extensions.code (e.g. MAX_COST_EXCEEDED), or HTTP_<status>, or NETWORK. */
  readonly code: string;
  readonly status: number | null;
  constructor(message: string, code: string, status: number | null = null) {
    super(message);
    this.name = "ShopifyApiError";
    this.code = code;
    this.status = status;
  }
}

/** A bulk JSONL file could not be read at `lineNumber` (1-based). */
export class BulkParseError extends Error {
  readonly lineNumber: number;
  constructor(lineNumber: number, message: string) {
    super(`bulk JSONL line ${lineNumber}: ${message}`);
    this.name = "BulkParseError";
    this.lineNumber = lineNumber;
  }
}
