// WooCommerce's REST API v3 on the shared HTTP client: HTTP Basic with the store's consumer key
// and secret (over https only), timeouts, retries with backoff and Retry-After for 429 and 5xx,
// and every other failure as a ConnectorError whose message names the problem in the merchant's
// terms (wrong keys, keys without read access, not a WooCommerce store, a redirect). Knows
// nothing about orders.

import { ConnectorError } from "../common/errors";
import { requestJson, type FetchLike } from "../common/http";
import type { Sleep } from "../common/retry";

export const PROVIDER = "woocommerce";

export type WooClientOptions = {
  /** normaliseStoreUrl's answer: "https://shop.example.com". */
  storeUrl: string;
  consumerKey: string;
  consumerSecret: string;
  fetch?: FetchLike;
  sleep?: Sleep;
  timeoutMs?: number;
  attempts?: number;
  baseDelayMs?: number;
};

export type Query = Record<string, string | number | boolean | null | undefined>;

/** An answer with the paging WooCommerce puts in its headers. */
export type WooAnswer<T> = { body: T; total: number | null; totalPages: number | null };

export interface WooClient {
  readonly storeUrl: string;
  /** GET /wp-json/wc/v3/{path}. */
  get<T>(path: string, query?: Query): Promise<WooAnswer<T>>;
  /** POST /wp-json/wc/v3/{path} with a JSON body. */
  post<T>(path: string, body: unknown): Promise<T>;
  /** GET /wp-json/: the public WordPress index (site name, zone, the APIs it serves). */
  index<T>(): Promise<T>;
}

const header = (headers: Headers, name: string): number | null => {
  const value = Number(headers.get(name));
  return headers.has(name) && Number.isSafeInteger(value) && value >= 0 ? value : null;
};

/** WooCommerce's own error code and message ({code, message, data: {status}}), cut short for logs and pages. */
function wooError(body: unknown): { code: string | null; message: string | null } {
  if (!body || typeof body !== "object") return { code: null, message: null };
  const { code, message } = body as { code?: unknown; message?: unknown };
  return { code: typeof code === "string" ? code.slice(0, 100) : null, message: typeof message === "string" ? message.replace(/<[^>]*>/g, "").slice(0, 300) : null };
}

export function createWooClient(options: WooClientOptions): WooClient {
  const base = options.storeUrl.replace(/\/+$/, "");
  const host = new URL(base).host;
  const authorization = `Basic ${Buffer.from(`${options.consumerKey}:${options.consumerSecret}`).toString("base64")}`;

  const classify = (status: number, body: unknown, response: Response): ConnectorError | null => {
    const { code, message } = wooError(body);
    const theirs = message ? ` WooCommerce said: "${message}"` : "";
    if (status >= 300 && status < 400) {
      const location = response.headers.get("location");
      return new ConnectorError("bad_request", PROVIDER, `${host} redirected the API call${location ? ` to ${location.slice(0, 200)}` : ""}: enter the store's own address (the one it redirects to).`, { status, providerCode: "redirect" });
    }
    if (status === 401) {
      return new ConnectorError("auth", PROVIDER, `${host} refused the consumer key and secret (HTTP 401): check that they are the store's REST API keys with read access.${theirs}`, { status, providerCode: code });
    }
    if (status === 403) {
      return new ConnectorError("permission", PROVIDER, `${host} denied these keys access (HTTP 403): the keys need read permission.${theirs}`, { status, providerCode: code });
    }
    if (status === 404 && (code === "rest_no_route" || code === null)) {
      return new ConnectorError("not_found", PROVIDER, `${host} has no WooCommerce REST API (nothing at /wp-json/wc/v3): is WooCommerce installed, and is this the store's address?`, { status, providerCode: code ?? "no_route" });
    }
    if (status === 400) {
      return new ConnectorError("bad_request", PROVIDER, `${host} rejected the request (HTTP 400).${theirs}`, { status, providerCode: code });
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
    unreachable: (cause: unknown, timedOut: boolean) =>
      new ConnectorError("transient", PROVIDER, `${host} ${timedOut ? `did not answer within ${options.timeoutMs ?? 30_000} ms` : "could not be reached"}: check the store's address.`, { cause }),
    notJson: (status: number) =>
      new ConnectorError("bad_response", PROVIDER, `${host} answered with a web page, not WooCommerce's JSON (HTTP ${status}): is this a WooCommerce store, and is its REST API enabled?`, { status, providerCode: "not_json" }),
  };

  const url = (path: string, query: Query = {}) => {
    const target = new URL(`${base}/wp-json/${path.replace(/^\/+/, "")}`);
    for (const [name, value] of Object.entries(query)) if (value !== null && value !== undefined) target.searchParams.set(name, String(value));
    return target.toString();
  };

  return {
    storeUrl: base,
    async get<T>(path: string, query?: Query) {
      // Never follow a redirect: the keys would go wherever it points.
      const answer = await requestJson<T>({ url: url(`wc/v3/${path.replace(/^\/+/, "")}`, query), headers: { authorization }, redirect: "manual" }, http);
      return { body: answer.body, total: header(answer.headers, "x-wp-total"), totalPages: header(answer.headers, "x-wp-totalpages") };
    },
    async post<T>(path: string, body: unknown) {
      const answer = await requestJson<T>({ method: "POST", url: url(`wc/v3/${path.replace(/^\/+/, "")}`), headers: { authorization }, body, redirect: "manual" }, http);
      return answer.body;
    },
    async index<T>() {
      return (await requestJson<T>({ url: url(""), redirect: "manual" }, http)).body;
    },
  };
}
