import { EXPIRY_WARNING_MS, lapseOf, readAdCredentials } from "@/lib/connections/credentials";
import { PROVIDERS, isAdProvider } from "@/lib/connectors/registry";
import { isDemoConnection } from "@/lib/connections/service";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import type { ConnectionStatus } from "@/lib/db/generated/enums";

// What a connection's page and the workspace banner say about its health: when its authorisation
// lapses (Meta's long-lived tokens end after about 60 days and cannot be renewed without the
// user), and whether anyone needs to act. Tokens are opened on the server only to read their
// lapse dates; nothing of them leaves this module.

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export type TokenHealth = {
  state: "ok" | "expiring" | "expired";
  lapsesAt: Date;
  /** "Meta access expires in 5 days", "Meta access expired on 3 May 2026". */
  text: string;
};

export type ConnectionHealthView = {
  id: string;
  demo: boolean;
  token: TokenHealth | null;
  /** Why the workspace banner shows this connection, or null when it needs nobody. */
  attention: string | null;
  /** True when signing in again is the fix (lost or lapsing authorisation). */
  reconnect: boolean;
};

type HealthInput = {
  id: string;
  provider: string;
  status: ConnectionStatus;
  lastError: string | null;
  credentials: string;
  settings: Prisma.JsonValue;
};


const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;

export function tokenHealth(provider: string, lapse: string | null, now: Date, timeZone = "UTC"): TokenHealth | null {
  if (!lapse || !isAdProvider(provider)) return null;
  const lapsesAt = new Date(lapse);
  if (Number.isNaN(lapsesAt.getTime())) return null;
  const who = `${PROVIDERS[provider].company} access`;
  const left = lapsesAt.getTime() - now.getTime();
  const day = new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone }).format(lapsesAt);
  if (left <= 0) return { state: "expired", lapsesAt, text: `${who} expired on ${day}` };
  const when = left < DAY_MS ? `in ${plural(Math.max(1, Math.floor(left / HOUR_MS)), "hour")}` : `in ${plural(Math.floor(left / DAY_MS), "day")}`;
  if (left <= EXPIRY_WARNING_MS) return { state: "expiring", lapsesAt, text: `${who} expires ${when}` };
  return { state: "ok", lapsesAt, text: `${who} is valid until ${day}` };
}

/** When the connection's authorisation lapses, if it ever does by itself (null for demo and non-ad connections). */
function lapseOfConnection(connection: HealthInput): string | null {
  if (!isAdProvider(connection.provider) || connection.status === "disconnected") return null;
  try {
    const credentials = readAdCredentials(connection);
    return credentials.mode === "oauth" ? lapseOf(credentials.tokens) : null;
  } catch {
    // Unreadable credentials surface as an auth failure at the next sync, in plain words there.
    return null;
  }
}

export function healthOf(connection: HealthInput, now: Date, timeZone = "UTC"): ConnectionHealthView {
  const demo = isAdProvider(connection.provider) && isDemoConnection(connection);
  const token = tokenHealth(connection.provider, lapseOfConnection(connection), now, timeZone);
  let attention: string | null = null;
  if (connection.status === "needs_reauth") attention = "needs to be reconnected: syncing has stopped.";
  else if (connection.status === "error") attention = `could not sync: ${connection.lastError ?? "unknown error"}`;
  else if (token?.state === "expired") attention = `stopped: ${token.text}. Reconnect to resume syncing.`;
  else if (token?.state === "expiring") attention = `${token.text}. Reconnect to keep it syncing.`;
  const reconnect = !demo && isAdProvider(connection.provider) && (connection.status === "needs_reauth" || token?.state === "expired" || token?.state === "expiring");
  return { id: connection.id, demo, token, attention, reconnect };
}

const HEALTH_FIELDS = { id: true, provider: true, status: true, lastError: true, credentials: true, settings: true, displayName: true } as const;

/** Health of every connection of the workspace (or just one), keyed by connection id. */
export async function connectionHealth(workspaceId: string, options: { now?: Date; timeZone?: string; connectionId?: string } = {}): Promise<Map<string, ConnectionHealthView>> {
  const rows = await db.connection.findMany({
    where: { workspaceId, ...(options.connectionId ? { id: options.connectionId } : {}) },
    select: HEALTH_FIELDS,
  });
  const now = options.now ?? new Date();
  return new Map(rows.map((row) => [row.id, healthOf(row, now, options.timeZone)]));
}

export type ConnectionAttention = { id: string; provider: string; displayName: string; status: string; message: string; reconnect: boolean };

/** The connections the workspace banner points at: lost authorisation, failing syncs, access lapsing within a week. */
export async function connectionsNeedingAttention(workspaceId: string, now = new Date(), timeZone = "UTC"): Promise<ConnectionAttention[]> {
  const rows = await db.connection.findMany({
    where: { workspaceId, status: { not: "disconnected" } },
    orderBy: { createdAt: "asc" },
    select: HEALTH_FIELDS,
  });
  return rows.flatMap((row) => {
    const health = healthOf(row, now, timeZone);
    return health.attention ? [{ id: row.id, provider: row.provider, displayName: row.displayName, status: row.status, message: health.attention, reconnect: health.reconnect || row.status === "needs_reauth" }] : [];
  });
}
