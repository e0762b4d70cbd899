// Typed failures every ads/analytics provider throws, so the sync engine and the connection page
// treat them the same whatever the platform: auth -> needs_reauth and an email to admins;
// permission/not found -> a failed run that says what to do; rate limit and transient -> retried;
// malformed data -> a failed run that wrote nothing for the window.

export type ConnectorErrorKind = "auth" | "permission" | "not_found" | "rate_limited" | "transient" | "bad_response" | "bad_request";

export class ConnectorError extends Error {
  readonly kind: ConnectorErrorKind;
  readonly provider: string;
  /** The platform's own code (e.g. invalid_grant, 190, 40105), for logs and support. */
  readonly providerCode: string | null;
  readonly status: number | null;
  /** For rate limits: how long the platform asked us to wait. */
  readonly retryAfterMs: number | null;

  constructor(
    kind: ConnectorErrorKind,
    provider: string,
    message: string,
    extra: { providerCode?: string | null; status?: number | null; retryAfterMs?: number | null; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = "ConnectorError";
    this.kind = kind;
    this.provider = provider;
    this.providerCode = extra.providerCode ?? null;
    this.status = extra.status ?? null;
    this.retryAfterMs = extra.retryAfterMs ?? null;
  }

  get retryable(): boolean {
    return this.kind === "rate_limited" || this.kind === "transient";
  }
}

export const isConnectorError = (error: unknown): error is ConnectorError => error instanceof ConnectorError;

/**
 * The providerCode of a bulk export that could not be read at some line: the run stops there,
 * with everything before that line committed, and its message says so.
 */
export const MALFORMED_EXPORT_LINE = "MALFORMED_BULK_LINE";
