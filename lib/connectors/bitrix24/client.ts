// Bitrix24's REST API through an inbound webhook, on the shared HTTP client: every method is a
// JSON POST to {webhook}{method}.json, with timeouts and retries with backoff for 5xx and for
// QUERY_LIMIT_EXCEEDED (the portal's leaky-bucket limit, answered 503). A refused webhook or token
// (NO_AUTH_FOUND, expired_token, invalid_token) is an "auth" failure: the connection then needs
// its webhook again. The webhook address is never put in an error message.

import { ConnectorError } from "../common/errors";
import { requestJson, type FetchLike } from "../common/http";
import type { Sleep } from "../common/retry";
import type { B24Error } from "./shapes";

export const PROVIDER = "bitrix24";

export type Bitrix24ClientOptions = {
  /** The webhook's base address, ending in "/". */
  base: string;
  fetch?: FetchLike;
  sleep?: Sleep;
  timeoutMs?: number;
  attempts?: number;
};

export interface Bitrix24Client {
  call<T>(method: string, params?: Record<string, unknown>): Promise<T>;
}

const AUTH_CODES = new Set(["NO_AUTH_FOUND", "expired_token", "invalid_token", "INVALID_TOKEN", "WRONG_AUTH_TYPE", "PORTAL_DELETED"]);
const PERMISSION_CODES = new Set(["insufficient_scope", "INVALID_CREDENTIALS", "ACCESS_DENIED", "user_access_error", "allowed_only_intranet_user"]);

export function classifyBitrix24(status: number, body: unknown): ConnectorError | null {
  const error = body && typeof body === "object" ? (body as B24Error) : {};
  const code = error.error === undefined || error.error === "" ? null : String(error.error);
  if (status < 400 && code === null) return null;
  const theirs = error.error_description ? ` Bitrix24 said: "${String(error.error_description).slice(0, 300)}"` : "";
  const extra = { status, providerCode: code };
  if (code === "QUERY_LIMIT_EXCEEDED") return new ConnectorError("rate_limited", PROVIDER, "Bitrix24's request limit for this portal was reached.", extra);
  if (code === "OVERLOAD_LIMIT") {
    return new ConnectorError("permission", PROVIDER, "Bitrix24 has blocked this portal's REST API for overload; its support must lift the block.", extra);
  }
  if ((code && AUTH_CODES.has(code)) || status === 401) {
    return new ConnectorError("auth", PROVIDER, `Bitrix24 refused the webhook (it was deleted, expired or its code changed).${theirs}`, extra);
  }
  if ((code && PERMISSION_CODES.has(code)) || status === 403) {
    return new ConnectorError("permission", PROVIDER, `The Bitrix24 webhook lacks the CRM permission (scope "crm") or its user cannot read deals.${theirs}`, extra);
  }
  if (status >= 500) return new ConnectorError("transient", PROVIDER, `Bitrix24 had a server error (HTTP ${status}).`, extra);
  if (status === 404) return new ConnectorError("not_found", PROVIDER, `Bitrix24 could not find what was asked for.${theirs}`, extra);
  return new ConnectorError("bad_request", PROVIDER, `Bitrix24 rejected the request (HTTP ${status}).${theirs}`, extra);
}

export function createBitrix24Client(options: Bitrix24ClientOptions): Bitrix24Client {
  const http = {
    provider: PROVIDER,
    timeoutMs: options.timeoutMs ?? 30_000,
    attempts: options.attempts ?? 5,
    // The portal's bucket drains 2 requests a second: waits of 1, 2, 4, 8 s let it recover.
    baseDelayMs: 1_000,
    sleep: options.sleep,
    fetchImpl: options.fetch,
    classify: (status: number, body: unknown) => classifyBitrix24(status, body),
    unreachable: (cause: unknown, timedOut: boolean) =>
      new ConnectorError("transient", PROVIDER, `The Bitrix24 portal ${timedOut ? "did not answer in time" : "could not be reached"}.`, { cause }),
  };
  return {
    async call<T>(method: string, params: Record<string, unknown> = {}) {
      return (await requestJson<T>({ method: "POST", url: `${options.base}${method}.json`, body: params }, http)).body;
    },
  };
}
