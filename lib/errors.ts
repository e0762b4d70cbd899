// One error type for what users can get wrong; anything else is a bug and is logged.
export const ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  // The plan does not allow it (a limit, or a read-only workspace): paying lifts it.
  payment_required: 402,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  // It existed and is gone for good (an expired download link).
  gone: 410,
  payload_too_large: 413,
  rate_limited: 429,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  /** Field name -> message, for forms and API clients. */
  readonly fields?: Record<string, string>;
  readonly retryAfterSeconds?: number;

  constructor(code: ErrorCode, message: string, extra: { fields?: Record<string, string>; retryAfterSeconds?: number } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fields = extra.fields;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }

  static field(field: string, message: string, code: ErrorCode = "bad_request"): AppError {
    return new AppError(code, message, { fields: { [field]: message } });
  }
}

export const notFound = (what = "Not found") => new AppError("not_found", what);
export const forbidden = (message = "Your role does not allow this.") => new AppError("forbidden", message);
