import { auditConnected } from "./audit";
import type { PoolClient } from "pg";
import type { AdProvider, AdSourceProvider, OAuthTokens, ProviderAccount } from "@/lib/connectors/contracts/ad-source";
import { ConnectorError, isConnectorError } from "@/lib/connectors/common/errors";
import { openJson, sealJson } from "@/lib/crypto/secrets";
import { connectWithinLimit } from "@/lib/billing/limits";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { inTransaction } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { alertAdminsOnce } from "@/lib/connections/alerts";
import type { SyncScope } from "@/lib/sync/scope";
import { AD_PROVIDERS, PROVIDERS } from "@/lib/connectors/registry";
import { isDemoConnection } from "@/lib/connections/service";
import { logger } from "@/lib/log";

const log = logger("ads");

// OAuth tokens of ad and analytics connections, sealed on `connections.credentials` and never
// logged. Access tokens are refreshed shortly before they lapse, under a per-connection lock so
// two runs never refresh at once (a provider may rotate the refresh token, and the loser's
// refresh would then be refused).

export type AdCredentials =
  | { mode: "oauth"; tokens: OAuthTokens; /** The lapse date admins were already warned about. */ expiryWarnedFor?: string | null }
  | { mode: "demo" };

/** Refresh when less than this is left. */
export const REFRESH_MARGIN_MS = 5 * 60 * 1000;
/** Admins hear this long before a token that cannot be refreshed lapses. */
export const EXPIRY_WARNING_MS = 7 * 86_400_000;

const DEMO_TOKENS: OAuthTokens = { accessToken: "demo", refreshToken: null, expiresAt: null, scopes: [] };

type StoredConnection = { provider: string; credentials: string; settings: Prisma.JsonValue };

export function readAdCredentials(connection: StoredConnection): AdCredentials {
  if (isDemoConnection(connection)) return { mode: "demo" };
  const stored = openJson<Partial<AdCredentials>>(connection.credentials);
  if (stored.mode === "oauth" && "tokens" in stored && stored.tokens?.accessToken) return stored as AdCredentials;
  const label = PROVIDERS[connection.provider as AdProvider]?.label ?? connection.provider;
  throw new ConnectorError("auth", connection.provider, `This ${label} connection holds no usable authorisation.`);
}

/** The account the connection syncs, as the provider's calls need it. */
export function accountOf(connection: {
  externalAccountId: string; displayName: string; currency: string | null; timeZone: string | null; settings: Prisma.JsonValue;
}): ProviderAccount {
  const settings = (connection.settings ?? {}) as { loginCustomerId?: unknown };
  return {
    id: connection.externalAccountId,
    name: connection.displayName,
    currency: connection.currency,
    timeZone: connection.timeZone,
    loginCustomerId: typeof settings.loginCustomerId === "string" ? settings.loginCustomerId : null,
  };
}

/**
 * Creates (or, on reconnect, updates) the connection of a picked account with its sealed tokens.
 * Provider knobs (Meta's attribution window...) go in `settings`, beside the schedule's.
 */
export async function saveAdConnection(
  workspaceId: string,
  input: { provider: AdProvider; account: ProviderAccount; tokens: OAuthTokens; settings?: Record<string, unknown> },
): Promise<{ id: string; created: boolean }> {
  const { provider, account, tokens } = input;
  if (account.isManager) throw AppError.field("account", "A manager account has no campaigns of its own; pick one of its client accounts.");
  const key = { workspaceId_provider_externalAccountId: { workspaceId, provider, externalAccountId: account.id } };
  return connectWithinLimit(workspaceId, provider, account.id, async (tx) => {
    const existing = await tx.connection.findUnique({ where: key, select: { id: true, settings: true } });
    const settings = {
      ...((existing?.settings ?? {}) as Record<string, unknown>),
      ...input.settings,
      ...(account.loginCustomerId ? { loginCustomerId: account.loginCustomerId } : {}),
    } as Prisma.InputJsonObject;
    const data = {
      displayName: account.name,
      status: "active" as const,
      credentials: sealJson({ mode: "oauth", tokens } satisfies AdCredentials),
      scopes: tokens.scopes,
      timeZone: account.timeZone,
      currency: account.currency,
      settings,
      lastError: null,
      lastErrorAt: null,
      alertedAt: null,
      disconnectedAt: null,
    };
    const saved = await tx.connection.upsert({
      where: key,
      create: { workspaceId, provider, externalAccountId: account.id, ...data },
      update: data,
      select: { id: true },
    });
    await auditConnected(tx, workspaceId, saved.id, provider, account.id);
    return { id: saved.id, created: !existing };
  });
}

async function lockedCredentials(client: PoolClient, scope: SyncScope): Promise<StoredConnection> {
  await client.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`ad-token:${scope.workspaceId}:${scope.connectionId}`]);
  const { rows } = await client.query<StoredConnection>(
    "SELECT provider::text AS provider, credentials, settings FROM connections WHERE workspace_id = $1 AND id = $2",
    [scope.workspaceId, scope.connectionId],
  );
  if (!rows[0]) throw new AppError("not_found", "Connection not found.");
  return rows[0];
}

/** Changes the sealed credentials under the token lock, from what is stored at that moment. */
async function updateCredentials<T>(
  scope: SyncScope,
  change: (current: AdCredentials, connection: StoredConnection) => Promise<{ next: AdCredentials | null; result: T }>,
): Promise<T> {
  return inTransaction(async (client) => {
    const connection = await lockedCredentials(client, scope);
    const { next, result } = await change(readAdCredentials(connection), connection);
    if (next) {
      await client.query("UPDATE connections SET credentials = $3, updated_at = now() WHERE workspace_id = $1 AND id = $2", [
        scope.workspaceId, scope.connectionId, sealJson(next),
      ]);
    }
    return result;
  });
}

const lapsesWithin = (iso: string | null | undefined, nowMs: number, marginMs: number) => iso != null && Date.parse(iso) - nowMs < marginMs;

const REFUSED_GRANT = /invalid_grant|expired|revoked|invalid_token/i;

/** A refused refresh is a lost authorisation, whatever status the platform chose to send it with. */
function asAuthFailure(error: unknown, provider: string, label: string): unknown {
  if (isConnectorError(error)) {
    if (error.kind === "auth" || error.retryable) return error;
    if (!REFUSED_GRANT.test(`${error.providerCode ?? ""} ${error.message}`)) return error;
    return new ConnectorError("auth", provider, `${label} refused to renew Signalboard's access (${error.providerCode ?? "refused"}).`, {
      providerCode: error.providerCode, status: error.status, cause: error,
    });
  }
  const body = (error as { response?: { data?: { error?: unknown } } })?.response?.data?.error;
  const code = typeof body === "string" ? body : (error as Error)?.message ?? "";
  if (REFUSED_GRANT.test(code)) {
    return new ConnectorError("auth", provider, `${label} refused to renew Signalboard's access (${code.slice(0, 80)}).`, { providerCode: code.slice(0, 80), cause: error });
  }
  return error;
}

/**
 * Tokens good for at least `marginMs`: the stored ones, or refreshed and re-sealed. A refresh the
 * platform refuses (invalid_grant, expired, revoked) throws ConnectorError "auth".
 */
export async function freshTokens(
  scope: SyncScope,
  provider: AdSourceProvider,
  options: { now?: () => number; marginMs?: number } = {},
): Promise<OAuthTokens> {
  const now = options.now ?? Date.now;
  const margin = options.marginMs ?? REFRESH_MARGIN_MS;
  const connection = await db.connection.findFirst({ where: { workspaceId: scope.workspaceId, id: scope.connectionId }, select: { provider: true, credentials: true, settings: true } });
  if (!connection) throw new AppError("not_found", "Connection not found.");
  const stored = readAdCredentials(connection);
  if (stored.mode === "demo") return DEMO_TOKENS;
  if (!lapsesWithin(stored.tokens.expiresAt, now(), margin)) return stored.tokens;

  return updateCredentials(scope, async (current) => {
    if (current.mode === "demo") return { next: null, result: DEMO_TOKENS };
    // Another run may have refreshed while this one waited for the lock.
    if (!lapsesWithin(current.tokens.expiresAt, now(), margin)) return { next: null, result: current.tokens };
    const label = provider.label;
    const { tokens } = current;
    if (lapsesWithin(tokens.refreshExpiresAt, now(), 0) || (!tokens.refreshToken && lapsesWithin(tokens.expiresAt, now(), 0))) {
      throw new ConnectorError("auth", provider.provider, `${label}'s authorisation expired on ${(tokens.refreshExpiresAt ?? tokens.expiresAt)!.slice(0, 10)}.`);
    }
    let refreshed: OAuthTokens;
    try {
      refreshed = await provider.refreshTokens(tokens);
    } catch (error) {
      throw asAuthFailure(error, provider.provider, label);
    }
    // Some platforms send no new refresh token; the old one stays valid then.
    const merged: OAuthTokens = { ...refreshed, refreshToken: refreshed.refreshToken ?? tokens.refreshToken };
    return { next: { mode: "oauth", tokens: merged }, result: merged };
  });
}

/** When a token that cannot be renewed by itself lapses: the refresh token's end, or a long-lived token's. */
export function lapseOf(tokens: OAuthTokens): string | null {
  return tokens.refreshExpiresAt ?? (tokens.refreshToken ? null : tokens.expiresAt);
}

/**
 * Emails admins once per lapse date when a connection's authorisation ends within a week (Meta's
 * long-lived tokens last about 60 days and cannot be renewed without the user). Returns how many
 * warnings went out.
 */
export async function warnExpiringTokens(now = new Date(), only?: { workspaceId: string }): Promise<number> {
  const connections = await db.connection.findMany({
    where: { ...(only ? { workspaceId: only.workspaceId } : {}), provider: { in: [...AD_PROVIDERS] }, status: { in: ["active", "error", "syncing"] } },
    select: { workspaceId: true, id: true, provider: true, credentials: true, settings: true, displayName: true },
  });
  let warned = 0;
  for (const c of connections) {
    try {
      if (await warnIfExpiring({ workspaceId: c.workspaceId, connectionId: c.id }, c, now)) warned++;
    } catch (error) {
      log.error("expiry check failed", { connectionId: c.id, err: error });
    }
  }
  return warned;
}

async function warnIfExpiring(scope: SyncScope, connection: StoredConnection & { displayName: string }, now: Date): Promise<boolean> {
  const stored = readAdCredentials(connection);
  if (stored.mode !== "oauth") return false;
  const lapse = lapseOf(stored.tokens);
  if (!lapse || stored.expiryWarnedFor === lapse || !lapsesWithin(lapse, now.getTime(), EXPIRY_WARNING_MS)) return false;
  const { label, company } = PROVIDERS[connection.provider as AdProvider];
  const day = new Intl.DateTimeFormat("en", { dateStyle: "long", timeZone: "UTC" }).format(new Date(lapse));
  return updateCredentials(scope, async (current) => {
    if (current.mode !== "oauth" || current.expiryWarnedFor === lapse || lapseOf(current.tokens) !== lapse) return { next: null, result: false };
    // Claimed and released at once: the warning must not silence the alert of a later failure.
    const sent = await alertAdminsOnce(scope, {
      subject: `${label} access ends on ${day}`,
      body: `${company}'s access for Signalboard to "${connection.displayName}" ends on ${day}. Reconnect ${label} before then to keep its data syncing.`,
    });
    if (sent) await db.connection.updateMany({ where: { workspaceId: scope.workspaceId, id: scope.connectionId }, data: { alertedAt: null } });
    return { next: sent ? { ...current, expiryWarnedFor: lapse } : null, result: sent };
  });
}
