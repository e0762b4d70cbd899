// How a handler tells the backend what to do with a failure, whichever backend runs it.

/** Retrying cannot help (a revoked token, a malformed export): fail now and run onFailure. */
export class PermanentJobError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "PermanentJobError";
  }
}

/** The other side named how long to wait (a rate limit's Retry-After). */
export class RetryLaterError extends Error {
  constructor(message: string, readonly retryAfterMs: number, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RetryLaterError";
  }
}

/** The failure a job error stands for: the platform's own error when the handler wrapped it. */
export function rootCause(error: unknown): unknown {
  return (error instanceof PermanentJobError || error instanceof RetryLaterError) && error.cause !== undefined ? error.cause : error;
}
