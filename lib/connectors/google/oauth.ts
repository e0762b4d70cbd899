import { google } from "googleapis";
import type { AdSourceProvider, OAuthTokens } from "@/lib/connectors/contracts/ad-source";
import { ConnectorError } from "@/lib/connectors/common/errors";
import { GOOGLE_NOT_CONFIGURED, GOOGLE_SCOPES, googleClientConfig, type GoogleClientConfig } from "./config";

// Google's authorization-code flow through googleapis' OAuth2 client: offline access so a refresh
// token comes back (prompt=consent makes Google send one again on a reconnect), incremental scopes
// so connecting GA4 after Google Ads keeps the earlier grant. Access tokens live an hour and are
// refreshed a few minutes before they lapse; Google's refresh tokens do not rotate, so the stored
// one is kept. Tokens never appear in errors or logs.

export const TOKEN_TIMEOUT_MS = 15_000;
/** Refresh this long before the access token lapses, so a call never starts with a dying token. */
export const REFRESH_MARGIN_MS = 5 * 60_000;

export type GoogleOAuthOptions = { config?: GoogleClientConfig | null; now?: () => number; timeoutMs?: number };

type TokenAnswer = {
  access_token?: string | null;
  refresh_token?: string | null;
  expiry_date?: number | null;
  scope?: string;
  refresh_token_expires_in?: number;
};

type GaxiosLikeError = { status?: number; code?: string; response?: { status?: number; data?: unknown } };

export function createGoogleOAuth(provider: string, label: string, options: GoogleOAuthOptions = {}) {
  const now = options.now ?? Date.now;

  function client(redirectUri?: string) {
    const config = options.config === undefined ? googleClientConfig() : options.config;
    if (!config) throw new ConnectorError("bad_request", provider, GOOGLE_NOT_CONFIGURED);
    return new google.auth.OAuth2({
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      redirectUri,
      transporterOptions: { timeout: options.timeoutMs ?? TOKEN_TIMEOUT_MS },
    });
  }

  function wrap(error: unknown, step: string): ConnectorError {
    if (error instanceof ConnectorError) return error;
    const e = (error ?? {}) as GaxiosLikeError;
    const status = e.response?.status ?? e.status ?? null;
    const data = (e.response?.data ?? {}) as { error?: unknown };
    const code = typeof data.error === "string" ? data.error : null;
    if (code === "invalid_grant") {
      return new ConnectorError("auth", provider, `Google no longer accepts this connection's sign-in (it was revoked, expired or the password changed). Reconnect ${label}.`, { providerCode: code, status, cause: error });
    }
    if (code === "invalid_client" || code === "unauthorized_client") {
      return new ConnectorError("bad_request", provider, `Google refused this server's OAuth client (${code}); check GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET.`, { providerCode: code, status, cause: error });
    }
    if (status === 429) return new ConnectorError("rate_limited", provider, `Google's sign-in service is busy (${step}); it will be retried.`, { status, cause: error });
    if (status === null || status >= 500) {
      return new ConnectorError("transient", provider, `Google's sign-in service could not be reached (${step}); it will be retried.`, { status, cause: error });
    }
    return new ConnectorError("bad_request", provider, `Google refused the ${step} (HTTP ${status}${code ? `, ${code}` : ""}).`, { providerCode: code, status, cause: error });
  }

  function toTokens(answer: TokenAnswer, previous: OAuthTokens | null): OAuthTokens {
    if (!answer.access_token) throw new ConnectorError("bad_response", provider, "Google's token answer had no access_token.");
    const refreshExpiresAt = answer.refresh_token_expires_in ? new Date(now() + answer.refresh_token_expires_in * 1000).toISOString() : (previous?.refreshExpiresAt ?? null);
    return {
      accessToken: answer.access_token,
      refreshToken: answer.refresh_token ?? previous?.refreshToken ?? null,
      expiresAt: answer.expiry_date ? new Date(answer.expiry_date).toISOString() : null,
      refreshExpiresAt,
      scopes: answer.scope ? answer.scope.split(/\s+/).filter(Boolean) : (previous?.scopes ?? []),
    };
  }

  function authorizeUrl(input: { state: string; redirectUri: string }): string {
    return client(input.redirectUri).generateAuthUrl({
      access_type: "offline",
      prompt: "consent",
      include_granted_scopes: true,
      scope: [...GOOGLE_SCOPES],
      state: input.state,
    });
  }

  async function exchangeCode(input: { code: string; redirectUri: string }): Promise<OAuthTokens> {
    try {
      const { tokens } = await client(input.redirectUri).getToken({ code: input.code, redirect_uri: input.redirectUri });
      return toTokens(tokens as TokenAnswer, null);
    } catch (error) {
      throw wrap(error, "code exchange");
    }
  }

  async function refreshTokens(tokens: OAuthTokens): Promise<OAuthTokens> {
    if (!tokens.refreshToken) {
      throw new ConnectorError("auth", provider, `This ${label} connection has no refresh token, so it cannot stay signed in. Reconnect ${label}.`, { providerCode: "no_refresh_token" });
    }
    const oauth = client();
    oauth.setCredentials({ refresh_token: tokens.refreshToken });
    try {
      const { credentials } = await oauth.refreshAccessToken();
      return toTokens(credentials as TokenAnswer, tokens);
    } catch (error) {
      throw wrap(error, "token refresh");
    }
  }

  /** The tokens to call with: refreshed when the access token lapses within the margin. */
  async function freshTokens(tokens: OAuthTokens): Promise<OAuthTokens> {
    const expiresAt = tokens.expiresAt ? Date.parse(tokens.expiresAt) : null;
    if (expiresAt !== null && expiresAt - now() > REFRESH_MARGIN_MS) return tokens;
    if (expiresAt === null && !tokens.refreshToken) return tokens;
    return refreshTokens(tokens);
  }

  /**
   * Runs `call` with a live access token. A 401 on a token we believed valid (clock skew, an early
   * revocation of the access token alone) earns one refresh and one more try.
   */
  async function withAccessToken<T>(tokens: OAuthTokens, call: (accessToken: string) => Promise<T>): Promise<T> {
    const live = await freshTokens(tokens);
    try {
      return await call(live.accessToken);
    } catch (error) {
      const refreshed = live !== tokens;
      if (!(error instanceof ConnectorError) || error.kind !== "auth" || refreshed || !tokens.refreshToken) throw error;
      const retried = await refreshTokens(tokens);
      return call(retried.accessToken);
    }
  }

  return { authorizeUrl, exchangeCode, refreshTokens, freshTokens, withAccessToken };
}

export type GoogleOAuth = ReturnType<typeof createGoogleOAuth>;

/** The three OAuth methods of AdSourceProvider, the same for every Google product. */
export function oauthMethods(oauth: GoogleOAuth): Pick<AdSourceProvider, "authorizeUrl" | "exchangeCode" | "refreshTokens"> {
  return { authorizeUrl: oauth.authorizeUrl, exchangeCode: oauth.exchangeCode, refreshTokens: oauth.refreshTokens };
}
