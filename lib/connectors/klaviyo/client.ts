// Klaviyo's REST API (https://a.klaviyo.com/api) on the shared HTTP client: a private API key in
// the Authorization header, a pinned dated revision (Klaviyo answers each request in the shapes of
// the revision it names, so a new revision never changes what this code reads), JSON:API bodies,
// cursor pages followed through `links.next`, and every failure as a ConnectorError whose
// message says what the merchant can do about it. Knows nothing about campaigns or events.

import { ConnectorError } from "../common/errors";
import { requestJson, retryAfterMs, type FetchLike } from "../common/http";
import type { Sleep } from "../common/retry";
import type { JsonApiPage } from "./shapes";

export const PROVIDER = "klaviyo";
export const KLAVIYO_ORIGIN = "https://a.klaviyo.com";
export const KLAVIYO_API_BASE = `${KLAVIYO_ORIGIN}/api`;
/** The API revision every request names (Klaviyo's stable revision of July 2026). */
export const KLAVIYO_REVISION = "2026-07-15";
const JSON_API = "application/vnd.api+json";

export type KlaviyoClientOptions = {
  apiKey: string;
  fetch?: FetchLike;
  sleep?: Sleep;
  timeoutMs?: number;
  attempts?: number;
  baseDelayMs?: number;
};

export type Query = Record<string, string | number | undefined>;

export interface KlaviyoClient {
  /** GET /api/{path}: one page. */
  get<T>(path: string, query?: Query): Promise<T>;
  /** GET a `links.next` address Klaviyo handed out (only ever on Klaviyo's own API). */
  next<T>(url: string): Promise<T>;
  /** POST /api/{path} with a JSON:API body (the reporting API's queries). */
  post<T>(path: string, body: unknown, query?: Query): Promise<T>;
  /** DELETE /api/{path} with a JSON:API body (removing list members). */
  delete(path: string, body: unknown): Promise<void>;
}

type KlaviyoErrorBody = { errors?: { code?: unknown; title?: unknown; detail?: unknown }[] };

/** Klaviyo's first error (code and detail), cut short for logs and pages; never the key. */
function klaviyoError(body: unknown): { code: string | null; detail: string | null } {
  const first = (body as KlaviyoErrorBody | null)?.errors?.[0];
  if (!first) return { code: null, detail: null };
  const code = typeof first.code === "string" ? first.code.slice(0, 100) : null;
  const text = typeof first.detail === "string" ? first.detail : typeof first.title === "string" ? first.title : null;
  return { code, detail: text ? text.slice(0, 300) : null };
}

export function createKlaviyoClient(options: KlaviyoClientOptions): KlaviyoClient {
  const headers = { authorization: `Klaviyo-API-Key ${options.apiKey}`, revision: KLAVIYO_REVISION, accept: JSON_API };

  const classify = (status: number, body: unknown, response: Response): ConnectorError | null => {
    const { code, detail } = klaviyoError(body);
    const theirs = detail ? ` Klaviyo said: "${detail}"` : "";
    // A revoked key answers 401; a key without a read scope this sync needs answers 403. Either way
    // only a new key mends it, so both ask for one.
    if (status === 401) {
      return new ConnectorError("auth", PROVIDER, `Klaviyo refused the private API key (HTTP 401): it was revoked, or it is not a private key.${theirs}`, { status, providerCode: code });
    }
    if (status === 403) {
      return new ConnectorError("auth", PROVIDER, `Klaviyo refused the private API key (HTTP 403): it needs read access to accounts, campaigns, flows, metrics, events and profiles.${theirs}`, { status, providerCode: code });
    }
    if (status === 429) {
      return new ConnectorError("rate_limited", PROVIDER, `Klaviyo's rate limit was reached (HTTP 429).${theirs}`, { status, providerCode: code, retryAfterMs: retryAfterMs(response) });
    }
    if (status >= 400 && status < 500 && status !== 404) {
      return new ConnectorError("bad_request", PROVIDER, `Klaviyo rejected the request (HTTP ${status}).${theirs}`, { status, providerCode: code });
    }
    return null;
  };

  const http = {
    provider: PROVIDER,
    timeoutMs: options.timeoutMs ?? 30_000,
    attempts: options.attempts ?? 4,
    baseDelayMs: options.baseDelayMs ?? 1_000,
    sleep: options.sleep,
    fetchImpl: options.fetch,
    classify,
  };

  const url = (path: string, query: Query = {}) => {
    const target = new URL(`${KLAVIYO_API_BASE}/${path.replace(/^\/+/, "")}`);
    for (const [name, value] of Object.entries(query)) if (value !== undefined) target.searchParams.set(name, String(value));
    return target.toString();
  };

  return {
    async get<T>(path: string, query?: Query) {
      return (await requestJson<T>({ url: url(path, query), headers, redirect: "manual" }, http)).body;
    },
    async next<T>(next: string) {
      // The key goes only to Klaviyo: a next link elsewhere is a malformed answer, not a place to call.
      if (!next.startsWith(`${KLAVIYO_API_BASE}/`)) {
        throw new ConnectorError("bad_response", PROVIDER, "Klaviyo's next page link points outside its API.", { providerCode: "foreign_next_link" });
      }
      return (await requestJson<T>({ url: next, headers, redirect: "manual" }, http)).body;
    },
    async post<T>(path: string, body: unknown, query?: Query) {
      return (await requestJson<T>({ method: "POST", url: url(path, query), headers: { ...headers, "content-type": JSON_API }, body, redirect: "manual" }, http)).body;
    },
    async delete(path: string, body: unknown) {
      await requestJson({ method: "DELETE", url: url(path), headers: { ...headers, "content-type": JSON_API }, body, redirect: "manual" }, http);
    },
  };
}

/** Every page of a listing, following `links.next` until Klaviyo gives none. */
export async function* pages<T extends Pick<JsonApiPage<unknown>, "links">>(client: KlaviyoClient, path: string, query?: Query): AsyncGenerator<T> {
  let page = await client.get<T>(path, query);
  for (;;) {
    yield page;
    const next = page.links?.next;
    if (!next) return;
    page = await client.next<T>(next);
  }
}
