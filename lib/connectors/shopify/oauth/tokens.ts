import { z } from "zod";
import { openJson, sealJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import type { ConnectorError } from "../../common/errors";
import { requestJson } from "../../common/http";
import { ShopifyApiError, ShopifyAuthError } from "../errors";
import { shopOrigin } from "../origin";
import { shopifyAppConfig, SHOPIFY_NOT_CONFIGURED, type ShopifyAppConfig } from "./config";

// Expiring offline tokens: the access token lives ~1 h, the refresh token ~90 days and is replaced
// on every refresh. Both are stored sealed on the Connection (credentials column) and never logged.
//
// Failures use the data plane's error types (../errors.ts), which the sync engine already maps:
// ShopifyAuthError -> connection needs_reauth; ShopifyApiError -> a failed run. The calls go
// through the shared HTTP client (../../common/http.ts), like every other platform's.

/**
 * What `connections.credentials` holds (sealed) for an OAuth-connected shop. The same shape as the
 * "oauth" variant of ShopifyCredentials in lib/sync/connections.ts, plus the shop domain.
 */
export type ShopifyOAuthCredentials = {
  mode: "oauth";
  shop?: string;
  accessToken: string;
  /** Comma-separated, as Shopify returns it. */
  scope?: string;
  /** ISO time; absent for a non-expiring (legacy) token. */
  expiresAt?: string;
  refreshToken?: string;
  refreshTokenExpiresAt?: string;
};

export type TokenHttpOptions = {
  fetch?: typeof fetch;
  /** Per attempt. */
  timeoutMs?: number;
  attempts?: number;
  baseDelayMs?: number;
  now?: () => number;
};

const DEFAULT_TIMEOUT_MS = 10_000;
/** Refresh when less than this remains. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;

const ZTokenResponseSchema = z.object({
  access_token: z.string().min(1),
  scope: z.string().optional(),
  expires_in: z.coerce.number().int().positive().optional(),
  refresh_token: z.string().min(1).optional(),
  refresh_token_expires_in: z.coerce.number().int().positive().optional(),
});

const badTokenResponse = () => new ShopifyApiError("Shopify's token endpoint answered without a usable access token.", "BAD_TOKEN_RESPONSE");

/**
 * POSTs to https://{shop}/admin/oauth/access_token with a timeout, retrying 5xx, 429 and network
 * errors, and resolves with the JSON of a 200. Any other answer is `refused(status, json)`.
 */
async function postTokenEndpoint(
  shop: string,
  body: Record<string, string>,
  options: TokenHttpOptions,
  refused: (status: number, json: unknown) => ConnectorError,
): Promise<unknown> {
  const { body: json } = await requestJson(
    { method: "POST", url: `${shopOrigin(shop)}/admin/oauth/access_token`, body, redirect: "error" },
    {
      provider: "shopify",
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      attempts: options.attempts ?? 3,
      baseDelayMs: options.baseDelayMs ?? 500,
      fetchImpl: options.fetch,
      // No Retry-After here: a person is waiting on the callback page, so the short backoff decides.
      classify: (status, answer) => {
        if (status >= 500 || status === 429) return new ShopifyApiError(`Shopify's token endpoint answered ${status}`, `HTTP_${status}`, status);
        return status === 200 ? null : refused(status, answer);
      },
      notJson: (status) => (status === 200 ? badTokenResponse() : refused(status, null)),
      unreachable: (cause) => new ShopifyApiError(`Shopify's token endpoint could not be reached (${(cause as Error)?.name ?? "error"}).`, "NETWORK", null, { cause }),
      exhausted: (error) => (error.providerCode === "NETWORK" ? error : new ShopifyApiError(`${error.message}, also after retries.`, error.providerCode ?? "HTTP", error.status)),
    },
  );
  return json;
}

/** The OAuth error code of a refusal ("invalid_grant"...), never the request or any token. */
function refusalReason(json: unknown): string {
  const body = (json ?? {}) as Record<string, unknown>;
  const code = typeof body.error === "string" ? body.error : "";
  const description = typeof body.error_description === "string" ? body.error_description : "";
  return [code, description].filter(Boolean).join(": ").slice(0, 200) || "no reason given";
}

export function credentialsFromTokenResponse(shop: string, json: unknown, nowMs: number): ShopifyOAuthCredentials {
  const parsed = ZTokenResponseSchema.safeParse(json);
  if (!parsed.success) throw badTokenResponse();
  const t = parsed.data;
  const at = (seconds: number) => new Date(nowMs + seconds * 1000).toISOString();
  return {
    mode: "oauth",
    shop,
    accessToken: t.access_token,
    ...(t.scope !== undefined ? { scope: t.scope } : {}),
    ...(t.expires_in ? { expiresAt: at(t.expires_in) } : {}),
    ...(t.refresh_token ? { refreshToken: t.refresh_token } : {}),
    ...(t.refresh_token && t.refresh_token_expires_in ? { refreshTokenExpiresAt: at(t.refresh_token_expires_in) } : {}),
  };
}

function requireConfig(config?: ShopifyAppConfig): ShopifyAppConfig {
  const resolved = config ?? shopifyAppConfig();
  if (!resolved) throw new Error(SHOPIFY_NOT_CONFIGURED);
  return resolved;
}

/** Exchanges the callback's code for an expiring offline token (expiring=1). */
export async function exchangeCodeForToken(
  shop: string,
  code: string,
  options: TokenHttpOptions & { config?: ShopifyAppConfig } = {},
): Promise<ShopifyOAuthCredentials> {
  const config = requireConfig(options.config);
  const json = await postTokenEndpoint(
    shop,
    { client_id: config.apiKey, client_secret: config.apiSecret, code, expiring: "1" },
    options,
    (status, answer) => new ShopifyApiError(`Shopify refused the authorization code (${status}, ${refusalReason(answer)}).`, `HTTP_${status}`, status),
  );
  return credentialsFromTokenResponse(shop, json, (options.now ?? Date.now)());
}

// Token exchange (RFC 8693), how an embedded app installed by Shopify (managed installation) gets
// its access token: the session token App Bridge issued is traded, with no OAuth redirect.
export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";

/** Both token exchanges: the session token traded for the requested kind; refusals are ShopifyAuthError. */
function postTokenExchange(
  shop: string,
  sessionToken: string,
  requested: Record<string, string>,
  options: TokenHttpOptions & { config?: ShopifyAppConfig },
) {
  const config = requireConfig(options.config);
  return postTokenEndpoint(
    shop,
    {
      client_id: config.apiKey,
      client_secret: config.apiSecret,
      grant_type: TOKEN_EXCHANGE_GRANT,
      subject_token: sessionToken,
      subject_token_type: ID_TOKEN_TYPE,
      ...requested,
    },
    options,
    (status, answer) =>
      status === 400 || status === 401 || status === 403
        ? new ShopifyAuthError(`Shopify refused the session token (${status}, ${refusalReason(answer)}).`, status)
        : new ShopifyApiError(`Shopify's token endpoint answered ${status} to a token exchange.`, `HTTP_${status}`, status),
  );
}

/**
 * Trades an embedded app's session token for an expiring offline access token (and its refresh
 * token), stored like the callback's. A refusal (400/401: invalid_subject_token, an uninstalled
 * shop's old token) throws ShopifyAuthError; the session token is never in a message.
 */
export async function exchangeSessionToken(
  shop: string,
  sessionToken: string,
  options: TokenHttpOptions & { config?: ShopifyAppConfig } = {},
): Promise<ShopifyOAuthCredentials> {
  const json = await postTokenExchange(shop, sessionToken, { requested_token_type: OFFLINE_TOKEN_TYPE, expiring: "1" }, options);
  return credentialsFromTokenResponse(shop, json, (options.now ?? Date.now)());
}

export const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";

/** A staff member's online access token: it acts with their permissions and lapses in about a day. */
export type ShopifyOnlineToken = {
  accessToken: string;
  scope: string;
  /** The scopes this staff member may use (associated_user_scope). */
  userScope: string;
  expiresAt: string;
  /** associated_user: only what the app keeps (no name or email). */
  user: { id: string; accountOwner: boolean };
};

const ZOnlineTokenResponseSchema = z.object({
  access_token: z.string().min(1),
  scope: z.string().default(""),
  expires_in: z.coerce.number().int().positive(),
  associated_user_scope: z.string().default(""),
  associated_user: z.object({ id: z.union([z.number().int().positive(), z.string().regex(/^\d{1,20}$/)]), account_owner: z.boolean().default(false) }),
});

/**
 * Trades a session token for the staff member's online access token. Refusals are
 * ShopifyAuthError, as for the offline exchange; the answer must name a staff member.
 */
export async function exchangeSessionTokenOnline(
  shop: string,
  sessionToken: string,
  options: TokenHttpOptions & { config?: ShopifyAppConfig } = {},
): Promise<ShopifyOnlineToken> {
  const json = await postTokenExchange(shop, sessionToken, { requested_token_type: ONLINE_TOKEN_TYPE }, options);
  const parsed = ZOnlineTokenResponseSchema.safeParse(json);
  if (!parsed.success) throw badTokenResponse();
  const t = parsed.data;
  return {
    accessToken: t.access_token,
    scope: t.scope,
    userScope: t.associated_user_scope,
    expiresAt: new Date((options.now ?? Date.now)() + t.expires_in * 1000).toISOString(),
    user: { id: String(t.associated_user.id), accountOwner: t.associated_user.account_owner },
  };
}

/**
 * Trades the refresh token for a new access token (and a new refresh token). A refusal
 * (400/401/403: invalid_grant, revoked, uninstalled), or no usable refresh token, throws
 * ShopifyAuthError: the store must be reconnected.
 */
export async function refreshAccessToken(
  credentials: ShopifyOAuthCredentials & { shop: string },
  fetchImpl?: typeof fetch,
  options: Omit<TokenHttpOptions, "fetch"> & { config?: ShopifyAppConfig } = {},
): Promise<ShopifyOAuthCredentials> {
  const now = (options.now ?? Date.now)();
  if (!credentials.refreshToken) throw new ShopifyAuthError("This Shopify connection has no refresh token; reconnect the store.");
  if (credentials.refreshTokenExpiresAt && Date.parse(credentials.refreshTokenExpiresAt) <= now) {
    throw new ShopifyAuthError("The Shopify refresh token has expired; reconnect the store.");
  }
  const config = requireConfig(options.config);
  const json = await postTokenEndpoint(
    credentials.shop,
    { client_id: config.apiKey, client_secret: config.apiSecret, grant_type: "refresh_token", refresh_token: credentials.refreshToken },
    { ...options, fetch: fetchImpl },
    (status, answer) =>
      status === 400 || status === 401 || status === 403
        ? new ShopifyAuthError(`Shopify refused the refresh token (${status}, ${refusalReason(answer)}); reconnect the store.`, status)
        : new ShopifyApiError(`Shopify's token endpoint answered ${status} to a refresh.`, `HTTP_${status}`, status),
  );
  const next = credentialsFromTokenResponse(credentials.shop, json, now);
  // Keep the old scope and refresh token if (unusually) none came back.
  return {
    ...next,
    scope: next.scope || credentials.scope,
    ...(next.refreshToken ? {} : { refreshToken: credentials.refreshToken, refreshTokenExpiresAt: credentials.refreshTokenExpiresAt }),
  };
}

export function needsRefresh(credentials: ShopifyOAuthCredentials, nowMs: number, marginMs = REFRESH_MARGIN_MS): boolean {
  return credentials.expiresAt !== undefined && Date.parse(credentials.expiresAt) - nowMs < marginMs;
}

export function splitScopes(scope: string | undefined): string[] {
  return (scope ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

type ConnectionReader = Pick<typeof db, "connection">;

async function loadCredentials(client: ConnectionReader, scope: { workspaceId: string; connectionId: string }) {
  const row = await client.connection.findUnique({
    where: { workspaceId_id: { workspaceId: scope.workspaceId, id: scope.connectionId } },
    select: { provider: true, externalAccountId: true, credentials: true },
  });
  if (!row || row.provider !== "shopify") throw new Error(`No Shopify connection ${scope.connectionId} in this workspace.`);
  const credentials = openJson<{ mode?: string }>(row.credentials);
  if (credentials.mode !== "oauth") throw new Error("This Shopify connection does not use OAuth credentials.");
  const oauth = credentials as ShopifyOAuthCredentials;
  return { ...oauth, shop: oauth.shop ?? row.externalAccountId };
}

/**
 * The connection's access token, with at least five minutes of validity left: refreshed and
 * re-sealed when needed. Concurrent callers for one connection refresh once: the refresh runs
 * under a per-connection advisory lock and re-reads the credentials inside it (the refresh token
 * rotates, so a second refresh with the old one could be refused).
 */
export async function ensureFreshToken(
  scope: { workspaceId: string; connectionId: string },
  options: TokenHttpOptions & { config?: ShopifyAppConfig } = {},
): Promise<string> {
  const now = options.now ?? Date.now;
  const current = await loadCredentials(db, scope);
  if (!needsRefresh(current, now())) return current.accessToken;

  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`shopify-token:${scope.workspaceId}:${scope.connectionId}`}, 0))`;
      const latest = await loadCredentials(tx, scope);
      if (!needsRefresh(latest, now())) return latest.accessToken;
      const next = await refreshAccessToken(latest, options.fetch, options);
      await tx.connection.update({
        where: { workspaceId_id: { workspaceId: scope.workspaceId, id: scope.connectionId } },
        data: { credentials: sealJson(next), scopes: splitScopes(next.scope) },
      });
      return next.accessToken;
    },
    { maxWait: 15_000, timeout: 90_000 },
  );
}
