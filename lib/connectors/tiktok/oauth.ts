import type { OAuthTokens } from "../contracts/ad-source";
import { ConnectorError } from "../common/errors";
import { createTikTokClient, tiktokRead as read, type TikTokOptions } from "./client";
import { TIKTOK_AUTH_URL, type TikTokAppConfig } from "./config";

// The advertiser authorization page hands back an auth_code (valid one hour, single use), which
// buys a long-term access token for the advertisers the user ticked. That token does not lapse on
// a schedule: it works until the user revokes the app, when TikTok answers 40105 and the
// connection needs a reconnect. When TikTok does send expires_in, its expiry is kept and honoured.

export function tiktokAuthorizeUrl(config: TikTokAppConfig, input: { state: string; redirectUri: string }): string {
  const query = new URLSearchParams({ app_id: config.appId, state: input.state, redirect_uri: input.redirectUri });
  return `${TIKTOK_AUTH_URL}?${query.toString()}`;
}

const expiryAfter = (now: number, seconds: unknown, path: string): string | null => {
  if (seconds === undefined || seconds === null) return null;
  const n = read.count(seconds, path);
  return n > 0 ? new Date(now + n * 1000).toISOString() : null;
};

export async function exchangeTikTokCode(config: TikTokAppConfig, input: { code: string }, options: TikTokOptions & { now?: () => number } = {}): Promise<OAuthTokens> {
  const data = await createTikTokClient(null, options).post("oauth2/access_token/", { app_id: config.appId, secret: config.appSecret, auth_code: input.code });
  const now = (options.now ?? Date.now)();
  const scopes = Array.isArray(data.scope) ? data.scope.map((s) => String(s)) : [];
  return {
    accessToken: read.text(data.access_token, "data.access_token"),
    refreshToken: typeof data.refresh_token === "string" && data.refresh_token ? data.refresh_token : null,
    expiresAt: expiryAfter(now, data.expires_in, "data.expires_in"),
    refreshExpiresAt: expiryAfter(now, data.refresh_token_expires_in, "data.refresh_token_expires_in"),
    scopes,
  };
}

/** Long-term tokens need no refresh; one with a passed expiry needs the user again. */
export function checkTikTokTokens(tokens: OAuthTokens, now: number): OAuthTokens {
  if (tokens.expiresAt && Date.parse(tokens.expiresAt) <= now) {
    throw new ConnectorError("auth", "tiktok_ads", `TikTok's access expired on ${tokens.expiresAt.slice(0, 10)}; reconnect TikTok Ads to resume syncing.`, {
      providerCode: "token_expired",
    });
  }
  return tokens;
}
