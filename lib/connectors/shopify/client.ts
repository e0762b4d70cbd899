// The Admin GraphQL transport on the shared HTTP client: one POST per call, Shopify's cost-based
// throttling as the client's throttle strategy, retries for what is transient and typed errors
// for what is not. Knows nothing about orders.

import { requestJson, requestStream, retryAfterMs, type HttpOptions } from "../common/http";
import type { ConnectorError } from "../common/errors";
import { SHOPIFY_API_VERSION } from "./api-version";
import { isDownloadable, shopOrigin } from "./origin";
import { ShopifyApiError, ShopifyAuthError } from "./errors";
import { operationName } from "./queries";
import type { CostExtension, GraphQLErrorEntry, GraphQLResponse } from "./shapes";
import { costOf, createCostThrottle, throttleWaitMs } from "./throttle";

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
const AUTH_GRAPHQL_CODES = new Set(["ACCESS_DENIED", "UNAUTHORIZED"]);

export function createShopifyClient(options: ShopifyClientOptions): ShopifyClient {
  const shop = options.shop.trim().toLowerCase();
  if (!SHOP_DOMAIN.test(shop)) throw new ShopifyApiError(`not a myshopify.com domain: ${options.shop}`, "INVALID_SHOP");
  const apiVersion = options.apiVersion ?? SHOPIFY_API_VERSION;
  const endpoint = `${shopOrigin(shop)}/admin/api/${apiVersion}/graphql.json`;
  const throttle = createCostThrottle({ now: options.now ?? Date.now, maxWaits: options.maxThrottleRetries ?? 20 });

  /** What every call shares; `what` names the call in network errors. */
  const http = (what: string, throttled: boolean): HttpOptions => ({
    provider: "shopify",
    timeoutMs: options.timeoutMs ?? 30_000,
    attempts: options.maxAttempts ?? 4,
    baseDelayMs: options.baseDelayMs ?? 1_000,
    sleep: options.sleep,
    fetchImpl: options.fetch,
    unreachable: (cause) => new ShopifyApiError(`network error ${what}: ${describe(cause)}`, "NETWORK", null, { cause }),
    exhausted: (error, spent) => giveUp(error, spent, throttled),
  });

  return {
    shop,
    apiVersion,
    async graphql<T>(document: string, variables: Record<string, unknown> = {}) {
      const name = operationName(document) ?? "anonymous";
      const { body } = await requestJson<GraphQLResponse<T>>(
        {
          method: "POST",
          url: endpoint,
          headers: { "X-Shopify-Access-Token": options.accessToken },
          body: { query: document, variables, operationName: name === "anonymous" ? undefined : name },
        },
        {
          ...http(`calling ${name}`, true),
          classify: (status, answer, response, text) => classifyGraphql(name, status, answer, response, text),
          notJson: (status) => new ShopifyApiError(`${name}: the answer is not JSON (HTTP ${status})`, "INVALID_RESPONSE", status),
          throttle: throttle.forOperation(name),
        },
      );
      // classifyGraphql refuses an answer without data, so it is here.
      return { data: body.data as T, cost: body.extensions?.cost ?? null };
    },

    async download(url: string) {
      if (!isDownloadable(url)) throw new ShopifyApiError(`refusing to download a non-https URL`, "INVALID_URL");
      const { body } = await requestStream(
        { url },
        {
          ...http("downloading the bulk file", false),
          // Signed URLs expire (a week after completion): a 403 here is not the store's token.
          classify: (status, _answer, response) =>
            status >= 200 && status < 300
              ? new ShopifyApiError(`bulk file download: HTTP ${status} without a body`, "NO_DATA", status)
              : new ShopifyApiError(`bulk file download: HTTP ${status}`, `HTTP_${status}`, status, { retryAfterMs: status === 429 ? retryAfterMs(response) : null }),
        },
      );
      return body;
    },
  };
}

/** Every answer that is not plain data, as the typed error it means. */
function classifyGraphql(name: string, status: number, body: unknown, response: Response, text = ""): ConnectorError | null {
  if (status === 429) {
    // Retry-After when sent; else the cost figures a THROTTLED body carries; else 2 s.
    return new ShopifyApiError(`${name}: HTTP 429`, "HTTP_429", 429, { retryAfterMs: retryAfterMs(response) ?? throttleWaitMs(costOf(body)) ?? 2_000 });
  }
  if (status === 401 || status === 403) return new ShopifyAuthError(`${name}: HTTP ${status} ${snippet(text)}`.trim(), status);
  if (status >= 400) return new ShopifyApiError(`${name}: HTTP ${status} ${snippet(text)}`.trim(), `HTTP_${status}`, status);
  if (typeof body !== "object" || body === null) return new ShopifyApiError(`${name}: the answer is not JSON (HTTP ${status})`, "INVALID_RESPONSE", status);

  const payload = body as GraphQLResponse<unknown>;
  const errors = payload.errors ?? [];
  if (errors.length > 0) {
    const code = errorCode(errors);
    const message = `${name}: ${errors.map((e) => e.message).join("; ")}`;
    if (code === "THROTTLED") return new ShopifyApiError(message, code, status, { retryAfterMs: throttleWaitMs(costOf(body)) });
    if (code && AUTH_GRAPHQL_CODES.has(code)) return new ShopifyAuthError(message, status);
    return new ShopifyApiError(message, code ?? "GRAPHQL_ERROR", status);
  }
  if (payload.data == null) return new ShopifyApiError(`${name}: the answer has no data`, "NO_DATA", status);
  return null;
}

/**
 * The failure a call ends with once its retries are spent, saying how many were tried. With the
 * throttle, rate limits ran out of waits; without it (downloads) they used up attempts.
 */
function giveUp(error: ConnectorError, spent: { attempts: number; waits: number }, throttled: boolean): ConnectorError {
  const code = error instanceof ShopifyApiError ? error.code : (error.providerCode ?? "UNKNOWN");
  const why = throttled && error.kind === "rate_limited" ? `still throttled after ${spent.waits} waits` : `gave up after ${spent.attempts} attempts`;
  return new ShopifyApiError(`${error.message} (${why})`, code, error.status, { cause: error });
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
