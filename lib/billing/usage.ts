import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { providersOfKind } from "@/lib/connectors/registry";
import { wallTimeIn, zonedToUtc } from "@/lib/time/zone";
import type { PlanLimits } from "./plans";

// What a workspace uses of each limit, read from the rows that already exist (connections,
// memberships, invitations, keys, digests, rules, tracked events, orders) so a count can never
// drift from what it counts. API requests are the exception: nothing else records them, so they
// have their own monthly counter (api_request_counts, written by limits.ts).

/** Where a count is read: the shared client, or the transaction a create is checked in (limits.ts). */
export type Reader = Prisma.TransactionClient;

/** A usage month: the workspace's local calendar month, [start, end). */
export type UsagePeriod = { /** Its first local day, YYYY-MM-01. */ month: string; start: Date; end: Date };

export type CountedLimit = Exclude<keyof PlanLimits, "historyDays">;

/** Null: not counted, as nothing in the product sends through owned channels yet. */
export type UsageCounts = Record<CountedLimit, number | null>;

export type WorkspaceUsage = { period: UsagePeriod; counts: UsageCounts; /** Store orders processed this month, for metering. */ ordersProcessed: number };

const pad = (n: number) => String(n).padStart(2, "0");
const midnight = { day: 1, hour: 0, minute: 0, second: 0 };

/** The local calendar month holding `now` in `timeZone`. */
export function usagePeriod(now: Date, timeZone: string): UsagePeriod {
  const { year, month } = wallTimeIn(now, timeZone);
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 };
  return {
    month: `${year}-${pad(month)}-01`,
    start: zonedToUtc({ year, month, ...midnight }, timeZone),
    end: zonedToUtc({ ...next, ...midnight }, timeZone),
  };
}

const STORE_PROVIDERS = providersOfKind("store");
const OTHER_PROVIDERS = providersOfKind("ads", "analytics", "messaging", "crm");

/**
 * Live connections of some providers. Demo connections serve generated data and cost nothing, so
 * trying the demo store never uses up the slot a real store needs; imports are uploads, not connections.
 * Connections paused over the plan's limit (connection-limits.ts) hold no place either.
 */
async function liveConnections(workspaceId: string, providers: string[], client: Reader): Promise<number> {
  const [row] = await client.$queryRaw<[{ n: number }]>`
    SELECT count(*)::int AS n FROM connections
    WHERE workspace_id = ${workspaceId} AND provider = ANY(${providers}::text[]) AND status <> 'disconnected'
      AND plan_paused_at IS NULL AND coalesce(settings->>'demo', '') <> 'true'`;
  return row.n;
}

/** Members, and invitations that can still be accepted: each of them takes a seat. */
async function seats(workspaceId: string, now: Date, client: Reader): Promise<number> {
  const [members, invited] = await Promise.all([
    client.membership.count({ where: { workspaceId } }),
    client.invitation.count({ where: { workspaceId, acceptedAt: null, revokedAt: null, expiresAt: { gt: now } } }),
  ]);
  return members + invited;
}

async function liveApiKeys(workspaceId: string, now: Date, client: Reader): Promise<number> {
  return client.apiKey.count({ where: { workspaceId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } });
}

async function digestsAndAlertRules(workspaceId: string, client: Reader): Promise<number> {
  const [digests, rules] = await Promise.all([client.digest.count({ where: { workspaceId } }), client.alertRule.count({ where: { workspaceId } })]);
  return digests + rules;
}

/** API requests counted this month (limits.ts counts them). */
export async function apiRequestsIn(workspaceId: string, period: UsagePeriod): Promise<number> {
  const row = await db.apiRequestCount.findUnique({ where: { workspaceId_month: { workspaceId, month: new Date(`${period.month}T00:00:00Z`) } }, select: { count: true } });
  return row?.count ?? 0;
}

/** Tracked events stored with a receipt time in [start, end): each message once, as the drain stores it once. */
export async function trackedEventsIn(workspaceId: string, range: { start: Date; end: Date }): Promise<number> {
  const [row] = await db.$queryRaw<[{ n: bigint }]>`
    SELECT count(*) AS n FROM tracked_events WHERE workspace_id = ${workspaceId} AND received_at >= ${range.start} AND received_at < ${range.end}`;
  return Number(row.n);
}

/**
 * Store orders (test orders aside) the store processed in [start, end), by its processed time, or
 * its creation time when it gives none. Orders that are no sale still count: they were processed.
 */
export async function ordersProcessedIn(workspaceId: string, range: { start: Date; end: Date }): Promise<number> {
  const [row] = await db.$queryRaw<[{ n: bigint }]>`
    SELECT count(*) AS n FROM orders
    WHERE workspace_id = ${workspaceId} AND NOT test
      AND ((processed_at >= ${range.start} AND processed_at < ${range.end})
        OR (processed_at IS NULL AND created_at >= ${range.start} AND created_at < ${range.end}))`;
  return Number(row.n);
}

/** The current count behind one limit: what the guard compares with the plan. */
export async function usageOf(workspaceId: string, limit: CountedLimit, period: UsagePeriod, now: Date = new Date(), client: Reader = db): Promise<number | null> {
  switch (limit) {
    case "storeConnections":
      return liveConnections(workspaceId, STORE_PROVIDERS, client);
    case "otherConnections":
      return liveConnections(workspaceId, OTHER_PROVIDERS, client);
    case "members":
      return seats(workspaceId, now, client);
    case "apiKeys":
      return liveApiKeys(workspaceId, now, client);
    case "digestsAndAlertRules":
      return digestsAndAlertRules(workspaceId, client);
    case "apiRequestsPerMonth":
      return apiRequestsIn(workspaceId, period);
    case "trackedEventsPerMonth":
      return trackedEventsIn(workspaceId, period);
    case "ownedChannelSendsTracked":
      return null;
  }
}

export const COUNTED_LIMITS: readonly CountedLimit[] = [
  "storeConnections",
  "otherConnections",
  "members",
  "apiKeys",
  "digestsAndAlertRules",
  "apiRequestsPerMonth",
  "trackedEventsPerMonth",
  "ownedChannelSendsTracked",
];

/** Everything the workspace uses this month (in its time zone), for the billing page and metering. */
export async function workspaceUsage(workspaceId: string, timeZone: string, now: Date = new Date()): Promise<WorkspaceUsage> {
  const period = usagePeriod(now, timeZone);
  const [values, ordersProcessed] = await Promise.all([
    Promise.all(COUNTED_LIMITS.map((limit) => usageOf(workspaceId, limit, period, now))),
    ordersProcessedIn(workspaceId, period),
  ]);
  const counts = Object.fromEntries(COUNTED_LIMITS.map((limit, i) => [limit, values[i]])) as UsageCounts;
  return { period, counts, ordersProcessed };
}
