import type { OAuthTokens } from "../contracts/ad-source";
import { ConnectorError } from "../common/errors";
import { requestJson } from "../common/http";
import type { GraphOptions } from "./client";
import { DIALOG_URL, GRAPH_BASE, META_SCOPES, type MetaAppConfig } from "./config";
import { classifyGraph } from "./errors";
import { objectAt, wireReader } from "./values";

// Facebook Login for ad accounts. The dialog's code buys a short-lived user token (about an hour),
// which is exchanged at once for a long-lived one (about 60 days). Meta offers no refresh token:
// when the long-lived token lapses the user must log in again, so its expiry is stored and shown,
// and admins are warned before it passes.

const read = wireReader("meta_ads", "Meta");

export function metaAuthorizeUrl(config: MetaAppConfig, input: { state: string; redirectUri: string }): string {
  const query = new URLSearchParams({
    client_id: config.appId,
    redirect_uri: input.redirectUri,
    state: input.state,
    response_type: "code",
    scope: META_SCOPES.join(","),
  });
  return `${DIALOG_URL}?${query.toString()}`;
}

type TokenAnswer = { accessToken: string; expiresIn: number | null };

async function tokenRequest(params: Record<string, string>, options: GraphOptions): Promise<TokenAnswer> {
  const url = `${GRAPH_BASE}/oauth/access_token?${new URLSearchParams(params).toString()}`;
  const { body } = await requestJson(
    { url },
    { provider: "meta_ads", classify: classifyGraph, fetchImpl: options.fetchImpl, sleep: options.sleep, timeoutMs: options.timeoutMs, attempts: options.attempts, baseDelayMs: options.baseDelayMs },
  );
  const answer = objectAt(read, body, "the token answer");
  return {
    accessToken: read.text(answer.access_token, "access_token"),
    expiresIn: answer.expires_in === undefined ? null : read.count(answer.expires_in, "expires_in"),
  };
}

export async function exchangeMetaCode(
  config: MetaAppConfig,
  input: { code: string; redirectUri: string },
  options: GraphOptions & { now?: () => number } = {},
): Promise<OAuthTokens> {
  const short = await tokenRequest({ client_id: config.appId, client_secret: config.appSecret, redirect_uri: input.redirectUri, code: input.code }, options);
  const long = await tokenRequest(
    { grant_type: "fb_exchange_token", client_id: config.appId, client_secret: config.appSecret, fb_exchange_token: short.accessToken },
    options,
  );
  const now = (options.now ?? Date.now)();
  // Meta omits expires_in for tokens that do not lapse (system users); then there is nothing to warn about.
  const expiresAt = long.expiresIn === null ? null : new Date(now + long.expiresIn * 1000).toISOString();
  return { accessToken: long.accessToken, refreshToken: null, expiresAt, refreshExpiresAt: expiresAt, scopes: [...META_SCOPES] };
}

const dayFormat = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/** When the stored token lapses (the long-lived token's expiry). */
export function metaTokenExpiry(tokens: OAuthTokens): string | null {
  return tokens.refreshExpiresAt ?? tokens.expiresAt ?? null;
}

export function expiredTokenError(expiresAt: string): ConnectorError {
  return new ConnectorError("auth", "meta_ads", `Meta's access expired on ${dayFormat.format(new Date(expiresAt))}; reconnect Meta Ads to resume syncing.`, {
    providerCode: "token_expired",
  });
}

/** Meta's tokens cannot be refreshed without the user: valid ones are kept, expired ones need a reconnect. */
export function checkMetaTokens(tokens: OAuthTokens, now: number): OAuthTokens {
  const expiresAt = metaTokenExpiry(tokens);
  if (expiresAt && Date.parse(expiresAt) <= now) throw expiredTokenError(expiresAt);
  return tokens;
}

export function expiryNotice(expiresAt: string): string {
  return `Meta's access expires on ${dayFormat.format(new Date(expiresAt))}; reconnect Meta Ads before then to keep syncing.`;
}
