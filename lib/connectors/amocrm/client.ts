// AmoCRM's API v4 for one account on the shared HTTP client: the access token as a Bearer
// header, timeouts, retries with backoff for 5xx and 429 (7 requests a second per integration).
// Access tokens last a day; a token about to lapse, or refused with 401, is renewed once with the
// refresh token, and the pair AmoCRM answers with (the old refresh token stops working) is handed
// to `onRenewed` to be stored before the call goes on. A refused renewal is an "auth" failure:
// the connection then needs to be signed in again.

import { ConnectorError, isConnectorError } from "../common/errors";
import { requestJson, retryAfterMs, type FetchLike } from "../common/http";
import type { Sleep } from "../common/retry";
import { PROVIDER, type AmoAppConfig } from "./config";
import type { AmoProblem, AmoTokens } from "./shapes";

/** What a connection keeps, sealed. */
export type AmoCredentials = {
  baseDomain: string;
  accessToken: string;
  refreshToken: string;
  /** ISO instant the access token lapses. */
  expiresAt: string;
  /** The redirect URI the grant was made for; AmoCRM asks for it again on every renewal. */
  redirectUri: string;
};

export type AmoHttp = { fetch?: FetchLike; sleep?: Sleep; timeoutMs?: number; attempts?: number };

/** Renew this long before the access token lapses. */
const RENEW_MARGIN_MS = 5 * 60_000;

const problem = (body: unknown): AmoProblem => (body && typeof body === "object" ? (body as AmoProblem) : {});

export function classifyAmo(status: number, body: unknown, response: Response): ConnectorError | null {
  if (status < 400) return null;
  const p = problem(body);
  const said = p.detail ?? p.hint ?? p.title;
  const theirs = said ? ` AmoCRM said: "${String(said).slice(0, 300)}"` : "";
  const extra = { status, providerCode: p.hint ?? p.title ?? null };
  if (status === 401) return new ConnectorError("auth", PROVIDER, `AmoCRM refused Signalboard's access (it was revoked, or the integration was removed).${theirs}`, extra);
  if (status === 402) return new ConnectorError("permission", PROVIDER, "The AmoCRM account is not paid up, so its API is closed.", extra);
  if (status === 403) return new ConnectorError("permission", PROVIDER, `AmoCRM denied access: the signed-in user cannot read leads and contacts, or the account is blocked.${theirs}`, extra);
  if (status === 429) return new ConnectorError("rate_limited", PROVIDER, "AmoCRM's request limit was reached.", { ...extra, retryAfterMs: retryAfterMs(response) });
  if (status >= 500) return new ConnectorError("transient", PROVIDER, `AmoCRM had a server error (HTTP ${status}).`, extra);
  if (status === 404) return new ConnectorError("not_found", PROVIDER, `AmoCRM could not find what was asked for.${theirs}`, extra);
  return new ConnectorError("bad_request", PROVIDER, `AmoCRM rejected the request (HTTP ${status}).${theirs}`, extra);
}

const httpOptions = (http: AmoHttp) => ({
  provider: PROVIDER,
  timeoutMs: http.timeoutMs ?? 30_000,
  attempts: http.attempts ?? 4,
  sleep: http.sleep,
  fetchImpl: http.fetch,
  classify: classifyAmo,
});

/** Any refusal at the token endpoint (a spent code, a revoked or used refresh token) is lost authorisation. */
async function tokenRequest(baseDomain: string, body: Record<string, string>, http: AmoHttp): Promise<AmoTokens> {
  try {
    const { body: tokens } = await requestJson<AmoTokens>({ method: "POST", url: `https://${baseDomain}/oauth2/access_token`, body, redirect: "error" }, httpOptions(http));
    if (!tokens || typeof tokens.access_token !== "string" || typeof tokens.refresh_token !== "string") {
      throw new ConnectorError("bad_response", PROVIDER, "AmoCRM answered the token request without tokens.");
    }
    return tokens;
  } catch (error) {
    if (isConnectorError(error) && (error.kind === "bad_request" || error.kind === "permission" || error.kind === "not_found")) {
      throw new ConnectorError("auth", PROVIDER, `AmoCRM refused to grant access (${error.providerCode ?? `HTTP ${error.status}`}).`, { status: error.status, providerCode: error.providerCode, cause: error });
    }
    throw error;
  }
}

const credentialsOf = (baseDomain: string, redirectUri: string, tokens: AmoTokens, nowMs: number): AmoCredentials => ({
  baseDomain,
  redirectUri,
  accessToken: tokens.access_token,
  refreshToken: tokens.refresh_token,
  expiresAt: new Date(nowMs + Math.max(0, Number(tokens.expires_in) || 0) * 1000).toISOString(),
});

export async function exchangeCode(
  config: AmoAppConfig,
  input: { baseDomain: string; code: string; redirectUri: string },
  http: AmoHttp = {},
  now: () => number = Date.now,
): Promise<AmoCredentials> {
  const tokens = await tokenRequest(
    input.baseDomain,
    { client_id: config.clientId, client_secret: config.clientSecret, grant_type: "authorization_code", code: input.code, redirect_uri: input.redirectUri },
    http,
  );
  return credentialsOf(input.baseDomain, input.redirectUri, tokens, now());
}

export async function renewTokens(config: AmoAppConfig, current: AmoCredentials, http: AmoHttp = {}, now: () => number = Date.now): Promise<AmoCredentials> {
  const tokens = await tokenRequest(
    current.baseDomain,
    { client_id: config.clientId, client_secret: config.clientSecret, grant_type: "refresh_token", refresh_token: current.refreshToken, redirect_uri: current.redirectUri },
    http,
  );
  return credentialsOf(current.baseDomain, current.redirectUri, tokens, now());
}

export type AmoQuery = [string, string][];

export interface AmoClient {
  /** A GET under /api/v4; null for AmoCRM's empty answer (204). */
  get<T>(path: string, query?: AmoQuery): Promise<T | null>;
}

export function createAmoClient(options: {
  credentials: AmoCredentials;
  config: AmoAppConfig | null;
  onRenewed?: (credentials: AmoCredentials) => Promise<void>;
  http?: AmoHttp;
  now?: () => number;
}): AmoClient {
  const http = options.http ?? {};
  const now = options.now ?? Date.now;
  let current = options.credentials;

  async function renew(): Promise<void> {
    if (!options.config) throw new ConnectorError("auth", PROVIDER, "AmoCRM's access lapsed and this server has no AmoCRM integration to renew it (AMOCRM_CLIENT_ID, AMOCRM_CLIENT_SECRET).");
    current = await renewTokens(options.config, current, http, now);
    await options.onRenewed?.(current);
  }

  async function send<T>(url: string): Promise<T | null> {
    const { body } = await requestJson<T | null>({ url, headers: { authorization: `Bearer ${current.accessToken}` } }, httpOptions(http));
    return body;
  }

  return {
    async get<T>(path: string, query: AmoQuery = []) {
      const url = new URL(`https://${current.baseDomain}${path}`);
      for (const [key, value] of query) url.searchParams.append(key, value);
      if (Date.parse(current.expiresAt) - now() < RENEW_MARGIN_MS) await renew();
      try {
        return await send<T>(url.toString());
      } catch (error) {
        if (!isConnectorError(error) || error.kind !== "auth") throw error;
        // Revoked early, or lapsed sooner than it said: one renewal, then the call once more.
        await renew();
        return send<T>(url.toString());
      }
    },
  };
}
