// HubSpot's CRM API on the shared HTTP client: a private app's access token as a Bearer header,
// timeouts, retries with backoff for 5xx, and 429s waited out for Retry-After or the interval
// HubSpot names in its X-HubSpot-RateLimit-* headers. Every other failure is a ConnectorError in
// the merchant's terms. Knows nothing about deals.

import { ConnectorError } from "../common/errors";
import { requestJson, retryAfterMs, type FetchLike } from "../common/http";
import type { Sleep } from "../common/retry";
import type { HsError } from "./shapes";

export const PROVIDER = "hubspot";

/** Where HubSpot's API is; HUBSPOT_API_BASE points elsewhere (a stand-in for tests and e2e). */
export function hubspotApiBase(): string {
  return (process.env.HUBSPOT_API_BASE?.trim() || "https://api.hubapi.com").replace(/\/+$/, "");
}

export type HubSpotClientOptions = {
  token: string;
  baseUrl?: string;
  fetch?: FetchLike;
  sleep?: Sleep;
  timeoutMs?: number;
  attempts?: number;
};

export interface HubSpotClient {
  get<T>(path: string, query?: Record<string, string | undefined>): Promise<T>;
  post<T>(path: string, body: unknown): Promise<T>;
}

function hsError(body: unknown): HsError {
  return body && typeof body === "object" ? (body as HsError) : {};
}

/** How long HubSpot asks us to hold off: Retry-After, else its rolling window when none is left. */
function waitOf(response: Response): number | null {
  const asked = retryAfterMs(response);
  if (asked !== null) return asked;
  const interval = Number(response.headers.get("x-hubspot-ratelimit-interval-milliseconds"));
  const remaining = response.headers.get("x-hubspot-ratelimit-remaining");
  return remaining === "0" && Number.isFinite(interval) && interval > 0 ? interval : null;
}

export function classifyHubSpot(status: number, body: unknown, response: Response): ConnectorError | null {
  if (status < 400) return null;
  const error = hsError(body);
  const theirs = error.message ? ` HubSpot said: "${error.message.slice(0, 300)}"` : "";
  const extra = { status, providerCode: error.category ?? error.errorType ?? null };
  if (status === 401) return new ConnectorError("auth", PROVIDER, `HubSpot refused the access token (it was revoked, or the private app was deleted).${theirs}`, extra);
  if (status === 403) return new ConnectorError("permission", PROVIDER, `The HubSpot token lacks a scope Signalboard needs (crm.objects.deals.read, crm.objects.contacts.read).${theirs}`, extra);
  if (status === 429) {
    const policy = error.policyName ? ` (${error.policyName.toLowerCase()} limit)` : "";
    return new ConnectorError("rate_limited", PROVIDER, `HubSpot rate limit reached${policy}.`, { ...extra, retryAfterMs: waitOf(response) });
  }
  if (status >= 500) return new ConnectorError("transient", PROVIDER, `HubSpot had a server error (HTTP ${status}).`, extra);
  if (status === 404) return new ConnectorError("not_found", PROVIDER, `HubSpot could not find what was asked for.${theirs}`, extra);
  return new ConnectorError("bad_request", PROVIDER, `HubSpot rejected the request (HTTP ${status}).${theirs}`, extra);
}

export function createHubSpotClient(options: HubSpotClientOptions): HubSpotClient {
  const base = (options.baseUrl ?? hubspotApiBase()).replace(/\/+$/, "");
  const http = {
    provider: PROVIDER,
    timeoutMs: options.timeoutMs ?? 20_000,
    attempts: options.attempts ?? 4,
    sleep: options.sleep,
    fetchImpl: options.fetch,
    classify: classifyHubSpot,
  };
  const headers = { authorization: `Bearer ${options.token}` };
  return {
    async get<T>(path: string, query: Record<string, string | undefined> = {}) {
      const url = new URL(`${base}${path}`);
      for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, value);
      return (await requestJson<T>({ url: url.toString(), headers }, http)).body;
    },
    async post<T>(path: string, body: unknown) {
      return (await requestJson<T>({ method: "POST", url: `${base}${path}`, headers, body }, http)).body;
    },
  };
}
