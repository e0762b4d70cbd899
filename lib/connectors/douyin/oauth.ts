import type { OAuthTokens } from "../contracts/ad-source";
import { requestJson } from "../common/http";
import { objectAt } from "../meta/values";
import { douyinRead as read, type DouyinOptions } from "./client";
import { douyinBase, DOUYIN_PROVIDER, type DouyinAppConfig } from "./config";
import { classifyDouyin } from "./errors";

// Douyin user authorisation: the user approves on open.douyin.com, which sends back a one-time
// code; the code buys an access token (15 days) and a refresh token (30 days) with the user's
// open_id. Refreshing renews the access token but never the refresh token's own end, so the
// connection needs the user again once the refresh token lapses (error 10010).

export function douyinAuthorizeUrl(config: DouyinAppConfig, input: { state: string; redirectUri: string }): string {
  const query = new URLSearchParams({
    client_key: config.clientKey,
    response_type: "code",
    scope: config.scopes,
    redirect_uri: input.redirectUri,
    state: input.state,
  });
  return `${douyinBase()}/platform/oauth/connect/?${query.toString()}`;
}

const secondsAfter = (now: number, value: unknown, path: string): string | null => {
  if (value === undefined || value === null || value === "") return null;
  const n = read.count(value, path);
  return n > 0 ? new Date(now + n * 1000).toISOString() : null;
};

async function tokenCall(path: string, form: Record<string, string>, options: DouyinOptions & { now?: () => number }, previous?: OAuthTokens): Promise<OAuthTokens> {
  const result = await requestJson(
    { method: "POST", url: `${(options.base ?? douyinBase)()}${path}`, body: new URLSearchParams(form), redirect: "error" },
    { provider: DOUYIN_PROVIDER, classify: classifyDouyin, timeoutMs: 15_000, ...options },
  );
  const data = objectAt(read, objectAt(read, result.body, "the answer").data, "data");
  const now = (options.now ?? Date.now)();
  const scope = typeof data.scope === "string" ? data.scope.split(",").map((s) => s.trim()).filter(Boolean) : previous?.scopes ?? [];
  return {
    accessToken: read.text(data.access_token, "data.access_token"),
    refreshToken: typeof data.refresh_token === "string" && data.refresh_token ? data.refresh_token : previous?.refreshToken ?? null,
    expiresAt: secondsAfter(now, data.expires_in, "data.expires_in"),
    // A refresh leaves the refresh token's end where it was, whatever the answer repeats.
    refreshExpiresAt: previous?.refreshExpiresAt ?? secondsAfter(now, data.refresh_expires_in, "data.refresh_expires_in"),
    scopes: scope,
    subject: typeof data.open_id === "string" && data.open_id ? data.open_id : previous?.subject ?? null,
  };
}

export function exchangeDouyinCode(config: DouyinAppConfig, code: string, options: DouyinOptions & { now?: () => number } = {}): Promise<OAuthTokens> {
  return tokenCall("/oauth/access_token/", { client_key: config.clientKey, client_secret: config.clientSecret, code, grant_type: "authorization_code" }, options);
}

export function refreshDouyinTokens(config: DouyinAppConfig, tokens: OAuthTokens, options: DouyinOptions & { now?: () => number } = {}): Promise<OAuthTokens> {
  if (!tokens.refreshToken) return Promise.resolve(tokens);
  return tokenCall("/oauth/refresh_token/", { client_key: config.clientKey, grant_type: "refresh_token", refresh_token: tokens.refreshToken }, options, tokens);
}
