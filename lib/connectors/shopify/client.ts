// The Admin GraphQL transport: one POST per call, with Shopify's cost-based throttling, retries
// for what is transient and typed errors for what is not. Knows nothing about orders.

import { SHOPIFY_API_VERSION } from "./api-version";
import { ShopifyApiError, ShopifyAuthError } from "./errors";
import { operationName } from "./queries";
import type { CostExtension, GraphQLErrorEntry, GraphQLResponse } from "./shapes";

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

export type ShopifyClientOptions = {
  /** The shop's permanent domain, e.g. "acme.myshopify.com". */
  shop: string;
  accessToken: string;
  fetch?: FetchLike;
  /** Injected so tests (and the demo) never really wait. */
  sleep?: (ms: number) => Promise<void>;
  /** Milliseconds clock for the throttle bucket estimate. */
  now?: () => number;
  /** Per request, until the whole answer is read (GraphQL) or its headers arrive (downloads). */
  timeoutMs?: number;
  /** Tries for 5xx, network errors and timeouts (the first call included). */
  maxAttempts?: number;
  /** First backoff delay; doubles per retry. */
  baseDelayMs?: number;
  /** THROTTLED / 429 answers tolerated for one call before giving up. */
  maxThrottleRetries?: number;
  apiVersion?: string;
};

export type GraphQLResult<T> = { data: T; cost: CostExtension | null };

export interface ShopifyClient {
  readonly shop: string;
  readonly apiVersion: string;
  graphql<T>(document: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>>;
  /** GET a bulk result file (a signed URL: the access token is never sent there). */
  download(url: string): Promise<ReadableStream<Uint8Array>>;
}

const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
const TRANSIENT_GRAPHQL_CODES = new Set(["INTERNAL_SERVER_ERROR", "SERVICE_UNAVAILABLE", "TIMEOUT"]);
const AUTH_GRAPHQL_CODES = new Set(["ACCESS_DENIED", "UNAUTHORIZED"]);

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Thrown inside the retry loop for failures worth another try. */
class Transient extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number | null = null,
    readonly waitMs: number | null = null,
    readonly throttle = false,
  ) {
    super(message);
  }
}

export function createShopifyClient(options: ShopifyClientOptions): ShopifyClient {
  const shop = options.shop.trim().toLowerCase();
  if (!SHOP_DOMAIN.test(shop)) throw new ShopifyApiError(`not a myshopify.com domain: ${options.shop}`, "INVALID_SHOP");
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 4;
  const baseDelayMs = options.baseDelayMs ?? 1_000;
  const maxThrottleRetries = options.maxThrottleRetries ?? 20;
  const apiVersion = options.apiVersion ?? SHOPIFY_API_VERSION;
  const endpoint = `https://${shop}/admin/api/${apiVersion}/graphql.json`;

  // The leaky bucket as last reported, and the last requested cost of each operation.
  let bucket: { available: number; maximum: number; restoreRate: number; at: number } | null = null;
  const lastRequestedCost = new Map<string, number>();

  function remember(cost: CostExtension | undefined, name: string) {
    if (!cost) return;
    const { currentlyAvailable, maximumAvailable, restoreRate } = cost.throttleStatus;
    bucket = { available: currentlyAvailable, maximum: maximumAvailable, restoreRate, at: now() };
    lastRequestedCost.set(name, cost.requestedQueryCost);
  }

  /** Wait until the bucket should hold what this operation asked for last time. */
  async function waitForBudget(name: string) {
    const wanted = lastRequestedCost.get(name);
    if (!bucket || wanted === undefined || bucket.restoreRate <= 0) return;
    const elapsedSeconds = Math.max(0, now() - bucket.at) / 1000;
    const available = Math.min(bucket.maximum, bucket.available + elapsedSeconds * bucket.restoreRate);
    if (wanted > available) {
      await sleep(Math.ceil(((wanted - available) / bucket.restoreRate) * 1000));
      refilled(name);
    }
  }

  /** After waiting for the bucket, count it as holding what the operation asks (whatever the clock says). */
  function refilled(name: string) {
    const wanted = lastRequestedCost.get(name);
    if (bucket && wanted !== undefined) bucket = { ...bucket, available: Math.max(bucket.available, wanted), at: now() };
  }

  async function attemptGraphql<T>(body: string, name: string): Promise<GraphQLResult<T>> {
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(endpoint, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-Shopify-Access-Token": options.accessToken,
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new Transient(`network error calling ${name}: ${describe(error)}`, "NETWORK");
    }
    if (response.status === 429) {
      // Retry-After when sent; else the cost figures a THROTTLED body carries; else 2 s.
      const cost = costOf(text);
      remember(cost, name);
      throw new Transient(`${name}: HTTP 429`, "HTTP_429", 429, retryAfterMs(response) ?? throttleWaitMs(cost) ?? 2_000, true);
    }
    checkStatus(response, text, name);

    let payload: GraphQLResponse<T>;
    try {
      payload = JSON.parse(text) as GraphQLResponse<T>;
    } catch {
      throw new Transient(`${name}: the answer is not JSON (HTTP ${response.status})`, "INVALID_RESPONSE", response.status);
    }
    const cost = payload.extensions?.cost;
    remember(cost, name);

    const errors = payload.errors ?? [];
    if (errors.length > 0) {
      const code = errorCode(errors);
      const message = `${name}: ${errors.map((e) => e.message).join("; ")}`;
      if (code === "THROTTLED") throw new Transient(message, code, response.status, throttleWaitMs(cost), true);
      if (code && AUTH_GRAPHQL_CODES.has(code)) throw new ShopifyAuthError(message, response.status);
      if (code && TRANSIENT_GRAPHQL_CODES.has(code)) throw new Transient(message, code, response.status);
      throw new ShopifyApiError(message, code ?? "GRAPHQL_ERROR", response.status);
    }
    if (payload.data == null) throw new ShopifyApiError(`${name}: the answer has no data`, "NO_DATA", response.status);
    return { data: payload.data, cost: cost ?? null };
  }

  async function withRetries<R>(name: string, attempt: () => Promise<R>): Promise<R> {
    let failures = 0;
    let throttles = 0;
    for (;;) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof Transient)) throw error;
        if (error.throttle) {
          throttles += 1;
          if (throttles > maxThrottleRetries) throw new ShopifyApiError(`${error.message} (still throttled after ${throttles} waits)`, error.code, error.status);
          await sleep(error.waitMs ?? baseDelayMs * 2 ** Math.min(throttles - 1, 5));
          refilled(name);
          continue;
        }
        failures += 1;
        if (failures >= maxAttempts) throw new ShopifyApiError(`${error.message} (gave up after ${failures} attempts)`, error.code, error.status);
        await sleep(baseDelayMs * 2 ** (failures - 1));
      }
    }
  }

  return {
    shop,
    apiVersion,
    async graphql<T>(document: string, variables: Record<string, unknown> = {}) {
      const name = operationName(document) ?? "anonymous";
      const body = JSON.stringify({ query: document, variables, operationName: name === "anonymous" ? undefined : name });
      return withRetries(name, async () => {
        await waitForBudget(name);
        return attemptGraphql<T>(body, name);
      });
    },

    async download(url: string) {
      if (!url.startsWith("https://")) throw new ShopifyApiError(`refusing to download a non-https URL`, "INVALID_URL");
      return withRetries("download", async () => {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        let response: Response;
        try {
          response = await fetchImpl(url, { method: "GET", signal: controller.signal });
        } catch (error) {
          throw new Transient(`network error downloading the bulk file: ${describe(error)}`, "NETWORK");
        } finally {
          clearTimeout(timer);
        }
        if (response.status >= 500 || response.status === 429) {
          throw new Transient(`bulk file download: HTTP ${response.status}`, `HTTP_${response.status}`, response.status, retryAfterMs(response));
        }
        if (!response.ok || !response.body) {
          // Signed URLs expire (a week after completion): a 403 here is not the store's token.
          throw new ShopifyApiError(`bulk file download: HTTP ${response.status}`, `HTTP_${response.status}`, response.status);
        }
        return response.body;
      });
    },
  };
}

function checkStatus(response: Response, text: string, name: string) {
  const status = response.status;
  if (status === 401 || status === 403) {
    throw new ShopifyAuthError(`${name}: HTTP ${status} ${snippet(text)}`.trim(), status);
  }
  if (status >= 500) throw new Transient(`${name}: HTTP ${status} ${snippet(text)}`.trim(), `HTTP_${status}`, status);
  if (status >= 400) throw new ShopifyApiError(`${name}: HTTP ${status} ${snippet(text)}`.trim(), `HTTP_${status}`, status);
}

/** Time for the bucket to refill what the throttled query asked for (at least 250 ms). */
function throttleWaitMs(cost: CostExtension | undefined): number | null {
  if (!cost || cost.throttleStatus.restoreRate <= 0) return null;
  const deficit = cost.requestedQueryCost - cost.throttleStatus.currentlyAvailable;
  return Math.max(Math.ceil((deficit / cost.throttleStatus.restoreRate) * 1000), 250);
}

function costOf(text: string): CostExtension | undefined {
  try {
    return (JSON.parse(text) as GraphQLResponse<unknown>).extensions?.cost;
  } catch {
    return undefined;
  }
}

/** Retry-After in seconds (Shopify sends e.g. "2.0"), or an HTTP date. */
function retryAfterMs(response: Response): number | null {
  const header = response.headers.get("Retry-After");
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds * 1000));
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function errorCode(errors: GraphQLErrorEntry[]): string | undefined {
  for (const error of errors) {
    const code = error.extensions?.code;
    if (typeof code === "string") return code;
  }
  return undefined;
}

function snippet(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
  return String(error);
}
