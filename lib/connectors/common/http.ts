import { ConnectorError } from "./errors";
import { traceConnectorCall } from "@/lib/observability/spans";
import { realSleep, withRetry, type Sleep } from "./retry";

// HTTP for provider APIs: a timeout on every call, retries with exponential backoff (and the
// platform's Retry-After) for network errors, 5xx and 429, and every other failure turned into a
// ConnectorError by the provider's own classifier. Tokens travel in headers or bodies and are
// never put in error messages. A platform that reports its own rate-limit budget plugs in a
// throttle strategy; one whose failures need their own wording plugs in the hooks below.

export type HttpRequest = {
  method?: "GET" | "POST" | "DELETE";
  /** What the call does, for its span (e.g. "orders page"); by default the method and the path's last word. */
  operation?: string;
  url: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON; URLSearchParams as a form. */
  body?: unknown;
  /** "error" where the answer must come from the host asked (token endpoints). */
  redirect?: RequestRedirect;
};

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** An answer as it was read, before it is judged. */
export type HttpAnswer = { status: number; body: unknown; headers: Headers };

/**
 * Pacing for a platform that reports how much of its rate-limit budget is left (Shopify's query
 * cost). The client asks it how long to hold each attempt and shows it every answer it reads;
 * rate-limited answers (kind "rate_limited") are then waited out on the strategy's own count
 * instead of using up attempts.
 */
export type ThrottleStrategy = {
  /** Milliseconds to hold the next attempt so the platform has room for it; 0 to send it now. */
  holdMs(): number;
  /** Every answer that was read, successful or not. */
  observe(answer: HttpAnswer): void;
  /** A hold or a rate-limit wait has been slept: the budget should now pay for the call. */
  refilled(): void;
  /** Rate-limited answers waited out for one call before giving up. */
  maxWaits: number;
};

export type HttpOptions = {
  provider: string;
  /** For a JSON call until the whole answer is read; for a stream until its headers arrive. */
  timeoutMs?: number;
  /** Attempts in all, the first included. */
  attempts?: number;
  baseDelayMs?: number;
  /** Tests pass a no-op sleep. */
  sleep?: Sleep;
  fetchImpl?: FetchLike;
  /**
   * Maps an unsuccessful answer (status >= 400, or a 200 carrying an error object) to an error;
   * return null to fall back to the default classification by status. `text` is the raw answer
   * (always passed by this client; optional so classifiers can be wrapped and called without it).
   */
  classify?: (status: number, body: unknown, response: Response, text?: string) => ConnectorError | null;
  /** The error for a call that got no answer (network error, timeout); by default a transient one naming the host. */
  unreachable?: (cause: unknown, timedOut: boolean) => ConnectorError;
  /** The error for a successful answer that is not JSON; by default bad_response, not retried. */
  notJson?: (status: number, text: string) => ConnectorError;
  /** Rewords the failure thrown once the attempts (or the throttle's waits) are spent. */
  exhausted?: (error: ConnectorError, spent: { attempts: number; waits: number }) => ConnectorError;
  throttle?: ThrottleStrategy;
};

export type HttpResult<T> = { status: number; body: T; headers: Headers };

/** Retry-After in seconds (e.g. "2.5") or as an HTTP date. */
export function retryAfterMs(response: Response): number | null {
  const header = response.headers.get("retry-after");
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

function defaultError(provider: string, status: number, response: Response): ConnectorError {
  if (status === 401) return new ConnectorError("auth", provider, `${provider} refused the credentials (HTTP 401).`, { status });
  if (status === 403) return new ConnectorError("permission", provider, `${provider} denied access (HTTP 403).`, { status });
  if (status === 404) return new ConnectorError("not_found", provider, `${provider} could not find the account or resource (HTTP 404).`, { status });
  if (status === 429) return new ConnectorError("rate_limited", provider, `${provider} rate limit reached (HTTP 429).`, { status, retryAfterMs: retryAfterMs(response) });
  if (status >= 500) return new ConnectorError("transient", provider, `${provider} had a server error (HTTP ${status}).`, { status });
  return new ConnectorError("bad_request", provider, `${provider} rejected the request (HTTP ${status}).`, { status });
}

function encode(body: unknown, headers: Record<string, string>): BodyInit | undefined {
  if (body === undefined) return undefined;
  if (body instanceof URLSearchParams) {
    headers["content-type"] ??= "application/x-www-form-urlencoded";
    return body.toString();
  }
  headers["content-type"] ??= "application/json";
  return JSON.stringify(body);
}

/** An abort after `timeoutMs` that can be called off, so a stream is not cut once its headers are in. */
function deadline(timeoutMs: number) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError")), timeoutMs);
  return { signal: controller.signal, clear: () => clearTimeout(timer) };
}

type Mode = "json" | "stream";

async function attempt<T>(request: HttpRequest, options: HttpOptions, mode: Mode): Promise<HttpResult<T>> {
  const { provider } = options;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const doFetch: FetchLike = options.fetchImpl ?? ((url, init) => fetch(url, init));
  const headers: Record<string, string> = mode === "json" ? { accept: "application/json", ...request.headers } : { ...request.headers };
  const timer = deadline(timeoutMs);
  try {
    let response: Response;
    let text: string;
    try {
      response = await doFetch(request.url, {
        method: request.method ?? "GET",
        headers,
        body: encode(request.body, headers),
        signal: timer.signal,
        ...(request.redirect ? { redirect: request.redirect } : {}),
      });
      if (mode === "stream" && response.ok && response.body) {
        return { status: response.status, body: response.body as T, headers: response.headers };
      }
      text = await response.text();
    } catch (cause) {
      const timedOut = (cause as Error)?.name === "TimeoutError";
      if (options.unreachable) throw options.unreachable(cause, timedOut);
      const host = new URL(request.url).host;
      throw new ConnectorError("transient", provider, `${provider} (${host}) ${timedOut ? `did not answer within ${timeoutMs} ms` : "could not be reached"}.`, { cause });
    }

    let body: unknown = null;
    let parsed = true;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        parsed = false;
      }
    }
    options.throttle?.observe({ status: response.status, body, headers: response.headers });
    if (response.ok && !parsed) {
      throw options.notJson?.(response.status, text) ?? new ConnectorError("bad_response", provider, `${provider} answered with something that is not JSON.`, { status: response.status });
    }
    const classified = options.classify?.(response.status, body, response, text) ?? null;
    if (classified) throw classified;
    if (!response.ok) throw defaultError(provider, response.status, response);
    if (mode === "stream") throw new ConnectorError("bad_response", provider, `${provider} answered HTTP ${response.status} without a body.`, { status: response.status });
    return { status: response.status, body: body as T, headers: response.headers };
  } finally {
    timer.clear();
  }
}

async function send<T>(request: HttpRequest, options: HttpOptions, mode: Mode): Promise<HttpResult<T>> {
  const sleep = options.sleep ?? realSleep;
  const { throttle, exhausted } = options;
  return traceConnectorCall(options.provider, request, (note) => withRetry(
    async (tries) => {
      note.attempt = tries;
      if (throttle) {
        const hold = throttle.holdMs();
        if (hold > 0) {
          await sleep(hold);
          throttle.refilled();
        }
      }
      return attempt<T>(request, options, mode);
    },
    {
      attempts: options.attempts ?? 4,
      baseDelayMs: options.baseDelayMs ?? 500,
      // No jitter: the delays a provider client sleeps are measured (Retry-After, the throttle), not guessed.
      jitter: false,
      sleep,
      retryable: (error) => error instanceof ConnectorError && error.retryable,
      waitMs: (error) => (error as ConnectorError).retryAfterMs,
      pacing: throttle && {
        applies: (error) => (error as ConnectorError).kind === "rate_limited",
        maxWaits: throttle.maxWaits,
        afterWait: () => throttle.refilled(),
      },
      exhausted: exhausted && ((error, spent) => exhausted(error as ConnectorError, spent)),
    },
  ));
}

/** One JSON call with timeouts and retries; resolves only with a successful, parsed answer. */
export async function requestJson<T = unknown>(request: HttpRequest, options: HttpOptions): Promise<HttpResult<T>> {
  return send<T>(request, options, "json");
}

/**
 * One call whose successful body is handed back unread (a large download), with the same
 * retries; the timeout covers the wait for the headers only, never the reading of the body.
 */
export async function requestStream(request: HttpRequest, options: HttpOptions): Promise<HttpResult<ReadableStream<Uint8Array>>> {
  return send<ReadableStream<Uint8Array>>(request, options, "stream");
}
