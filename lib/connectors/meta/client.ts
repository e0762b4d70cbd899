import crypto from "node:crypto";
import { ConnectorError } from "../common/errors";
import { requestJson } from "../common/http";
import { GRAPH_BASE, GRAPH_HOST } from "./config";
import { classifyGraph } from "./errors";
import { readUsage, usagePauseMs } from "./usage";
import { listAt, objectAt, wireReader } from "./values";

// Graph API calls for one access token. The token travels in the Authorization header (never in a
// URL we build or log), with appsecret_proof so a leaked token is useless without the app secret.
// After each answer the usage headers set a pause before the next call; a wait longer than
// maxInlineWaitMs is not slept through here but handed to the sync engine as rate_limited, which
// retries at its next interval.

export type GraphOptions = {
  fetchImpl?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  timeoutMs?: number;
  attempts?: number;
  baseDelayMs?: number;
  /** Longest wait done in-process (default two minutes). */
  maxInlineWaitMs?: number;
};

export type GraphClient = {
  get<T = unknown>(path: string, params?: Record<string, string>): Promise<T>;
  post<T = unknown>(path: string, params?: Record<string, string>): Promise<T>;
  /** Every `data` item of a list edge, following paging.next. */
  getAll(path: string, params?: Record<string, string>): Promise<unknown[]>;
  /** Waits as the usage headers of the previous answer asked. */
  settle(): Promise<void>;
};

const read = wireReader("meta_ads", "Meta");
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const MAX_PAGES = 10_000;

export function appSecretProof(accessToken: string, appSecret: string): string {
  return crypto.createHmac("sha256", appSecret).update(accessToken).digest("hex");
}

function tooLong(ms: number): ConnectorError {
  return new ConnectorError("rate_limited", "meta_ads", `Meta asks us to slow down for about ${Math.ceil(ms / 60_000)} min; the sync will resume after that.`, { retryAfterMs: ms });
}

export function createGraphClient(accessToken: string, appSecret: string | null, options: GraphOptions = {}): GraphClient {
  const baseSleep = options.sleep ?? defaultSleep;
  const maxInline = options.maxInlineWaitMs ?? 120_000;
  const sleep = async (ms: number) => {
    if (ms > maxInline) throw tooLong(ms);
    await baseSleep(ms);
  };
  const authHeaders = { authorization: `Bearer ${accessToken}` };
  const proof = appSecret ? appSecretProof(accessToken, appSecret) : null;
  let pendingPauseMs = 0;

  async function settle() {
    const pause = pendingPauseMs;
    pendingPauseMs = 0;
    if (pause > 0) await sleep(pause);
  }

  async function call<T>(method: "GET" | "POST", url: URL): Promise<T> {
    await settle();
    url.searchParams.delete("access_token");
    if (proof) url.searchParams.set("appsecret_proof", proof);
    const isPost = method === "POST";
    const body = isPost ? new URLSearchParams(url.searchParams) : undefined;
    const target = isPost ? `${url.origin}${url.pathname}` : url.toString();
    const result = await requestJson<T>(
      { method, url: target, headers: authHeaders, body },
      { provider: "meta_ads", classify: classifyGraph, sleep, fetchImpl: options.fetchImpl, timeoutMs: options.timeoutMs, attempts: options.attempts, baseDelayMs: options.baseDelayMs },
    );
    pendingPauseMs = usagePauseMs(readUsage(result.headers));
    return result.body;
  }

  function urlFor(path: string, params: Record<string, string> = {}): URL {
    const url = new URL(`${GRAPH_BASE}/${path.replace(/^\/+/, "")}`);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    return url;
  }

  return {
    get: (path, params) => call("GET", urlFor(path, params)),
    post: (path, params) => call("POST", urlFor(path, params)),
    settle,
    async getAll(path, params) {
      const items: unknown[] = [];
      let url: URL | null = urlFor(path, params);
      for (let page = 0; url && page < MAX_PAGES; page++) {
        const body = objectAt(read, await call("GET", url), "the list answer");
        items.push(...listAt(read, body.data, "data"));
        const next = (body.paging as { next?: unknown } | undefined)?.next;
        url = null;
        if (typeof next === "string" && next) {
          const nextUrl = new URL(next);
          // The token goes only to Meta's Graph host, whatever a paging link says.
          if (nextUrl.protocol !== "https:" || nextUrl.host !== GRAPH_HOST) throw read.malformed("paging.next", `a link to ${GRAPH_HOST}`, nextUrl.host);
          url = nextUrl;
        }
      }
      return items;
    },
  };
}
