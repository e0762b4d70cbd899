import { ConnectorError } from "./errors";

// JSON over HTTP for provider APIs: a timeout on every call, retries with exponential backoff
// (and the platform's Retry-After) for network errors, 5xx and 429, and every other failure
// turned into a ConnectorError by the provider's own classifier. Tokens travel in headers or
// bodies and are never put in error messages.

export type HttpRequest = {
  method?: "GET" | "POST";
  url: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON; URLSearchParams as a form. */
  body?: unknown;
};

export type HttpOptions = {
  provider: string;
  timeoutMs?: number;
  /** Attempts in all, the first included. */
  attempts?: number;
  baseDelayMs?: number;
  /** Tests pass a no-op sleep. */
  sleep?: (ms: number) => Promise<void>;
  fetchImpl?: typeof fetch;
  /**
   * Maps an unsuccessful answer (status >= 400, or a 200 carrying an error object) to an error;
   * return null to fall back to the default classification by status.
   */
  classify?: (status: number, body: unknown, response: Response) => ConnectorError | null;
};

export type HttpResult<T> = { status: number; body: T; headers: Headers };

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function retryAfterMs(response: Response): number | null {
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

/** One JSON call with timeouts and retries; resolves only with a successful, parsed answer. */
export async function requestJson<T = unknown>(request: HttpRequest, options: HttpOptions): Promise<HttpResult<T>> {
  const attempts = options.attempts ?? 4;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const baseDelay = options.baseDelayMs ?? 500;
  const sleep = options.sleep ?? defaultSleep;
  const doFetch = options.fetchImpl ?? fetch;
  const host = new URL(request.url).host;
  let last: ConnectorError | null = null;

  for (let attempt = 1; attempt <= attempts; attempt++) {
    const headers = { accept: "application/json", ...request.headers };
    let response: Response;
    try {
      response = await doFetch(request.url, {
        method: request.method ?? "GET",
        headers,
        body: encode(request.body, headers),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      const timedOut = (cause as Error)?.name === "TimeoutError";
      last = new ConnectorError("transient", options.provider, `${options.provider} (${host}) ${timedOut ? `did not answer within ${timeoutMs} ms` : "could not be reached"}.`, { cause });
      if (attempt < attempts) await sleep(baseDelay * 2 ** (attempt - 1));
      continue;
    }

    const text = await response.text();
    let body: unknown = null;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        if (response.ok) throw new ConnectorError("bad_response", options.provider, `${options.provider} answered with something that is not JSON.`, { status: response.status });
      }
    }
    const classified = options.classify?.(response.status, body, response) ?? null;
    if (response.ok && classified === null) return { status: response.status, body: body as T, headers: response.headers };

    const error = classified ?? defaultError(options.provider, response.status, response);
    if (!error.retryable || attempt === attempts) throw error;
    last = error;
    await sleep(Math.max(error.retryAfterMs ?? 0, baseDelay * 2 ** (attempt - 1)));
  }
  throw last ?? new ConnectorError("transient", options.provider, `${options.provider} could not be reached.`);
}
