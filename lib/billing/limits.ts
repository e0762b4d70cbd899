import { isProviderKey, PROVIDERS } from "@/lib/connectors/registry";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { addDays, localDate } from "@/lib/time/zone";
import { billingEnabled } from "./config";
import { LIMIT_LABELS, PAST_DUE_GRACE_DAYS, PLANS, type Plan, type PlanLimits } from "./plans";
import { logBillingEvent } from "./log";
import { storedBilling, viewOf } from "./state";
import { usageOf, usagePeriod, type CountedLimit, type Reader, type UsagePeriod } from "./usage";

// The one guard between a workspace and its plan. Everything that creates something a plan counts,
// every edit, every API request and every batch of tracked events asks here; billing switched off
// (no STRIPE_SECRET_KEY) answers yes to all of it without reading anything.

/** Limits on how many of a thing a workspace holds at once. */
export type CountLimit = Extract<CountedLimit, "storeConnections" | "otherConnections" | "members" | "apiKeys" | "digestsAndAlertRules">;

export type Entitlement = { plan: Plan; readOnly: boolean; timeZone: string };

/** The plan a workspace is held to now; null when billing is off (or there is no such workspace). */
export async function entitlementOf(workspaceId: string, now: Date = new Date()): Promise<Entitlement | null> {
  if (!billingEnabled()) return null;
  const found = await storedBilling(workspaceId);
  if (!found) return null;
  const view = viewOf(found.stored, found.timeZone, now);
  if (!view.enabled) return null;
  return { plan: view.plan, readOnly: view.readOnly, timeZone: found.timeZone };
}

const RANKED = Object.values(PLANS).sort((a, b) => a.rank - b.rank);

/** The first plan, by rank, that allows more of `limit` than `plan` does; null when none does. */
export function planLifting(plan: Plan, limit: keyof PlanLimits): Plan | null {
  return RANKED.find((candidate) => candidate.limits[limit] > plan.limits[limit]) ?? null;
}

const number = (n: number) => n.toLocaleString("en");

function upgradeHint(plan: Plan, limit: keyof PlanLimits): string {
  const lifting = planLifting(plan, limit);
  return lifting ? `${lifting.name} allows ${number(lifting.limits[limit])}: an owner can upgrade under Settings, Billing.` : "No plan allows more.";
}

/** What people read when a count limit bites: the limit, the plan, and the plan that lifts it. */
export function limitMessage(plan: Plan, limit: keyof PlanLimits, used: number): string {
  return `${LIMIT_LABELS[limit]}: the ${plan.name} plan allows ${number(plan.limits[limit])} and this workspace has ${number(used)}. ${upgradeHint(plan, limit)}`;
}

/**
 * What to tell people where `limit` bites: the message a refusal would carry once the workspace
 * holds as many as its plan allows; null while there is room, or with billing off.
 */
export async function limitReached(workspaceId: string, limit: CountLimit, now: Date = new Date()): Promise<string | null> {
  const entitlement = await entitlementOf(workspaceId, now);
  if (!entitlement) return null;
  const used = (await usageOf(workspaceId, limit, usagePeriod(now, entitlement.timeZone), now)) ?? 0;
  return used >= entitlement.plan.limits[limit] ? limitMessage(entitlement.plan, limit, used) : null;
}

/** The messages of those of `limits` the workspace has reached, for the pages where they bite. */
export async function limitsReached(workspaceId: string, limits: CountLimit[], now: Date = new Date()): Promise<string[]> {
  const reached = await Promise.all(limits.map((limit) => limitReached(workspaceId, limit, now)));
  return reached.filter((message): message is string => message !== null);
}

/**
 * Refuses (402) one more of `limit` when the workspace already holds as many as its plan allows.
 * An early answer only (before asking a store, or spending an OAuth code): two requests can both
 * pass it, so the create itself goes through `createWithinLimit`.
 */
export async function assertWithinLimit(workspaceId: string, limit: CountLimit, now: Date = new Date()): Promise<void> {
  const reached = await limitReached(workspaceId, limit, now);
  if (reached) throw new AppError("payment_required", reached);
}

type Tx = Prisma.TransactionClient;

// Waiting for the lock is part of the transaction's time; a busy workspace's creates queue behind
// one another, each holding it for a count and an insert.
const LIMITED_CREATE = { maxWait: 10_000, timeout: 20_000 } as const;

/** Takes turns per workspace and limit until the transaction ends: counts and creates never interleave. */
async function lockLimit(tx: Tx, workspaceId: string, limit: CountLimit): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('plan_limit'), hashtext(${`${workspaceId}:${limit}`}))`;
}

async function assertRoom(tx: Reader, workspaceId: string, limit: CountLimit, entitlement: Entitlement, now: Date): Promise<void> {
  const used = (await usageOf(workspaceId, limit, usagePeriod(now, entitlement.timeZone), now, tx)) ?? 0;
  if (used >= entitlement.plan.limits[limit]) throw new AppError("payment_required", limitMessage(entitlement.plan, limit, used));
}

/**
 * Creates one more of `limit` only while the plan has room: the count and `create` run in one
 * transaction under a per-workspace, per-limit lock, so two creates at the last place cannot both
 * pass (the second counts the first's row). `create` writes through the transaction it is handed.
 * With billing off it simply runs, without a transaction.
 */
export async function createWithinLimit<T>(workspaceId: string, limit: CountLimit, create: (tx: Tx) => Promise<T>, now: Date = new Date()): Promise<T> {
  const entitlement = await entitlementOf(workspaceId, now);
  if (!entitlement) return create(db);
  return db.$transaction(async (tx) => {
    await lockLimit(tx, workspaceId, limit);
    await assertRoom(tx, workspaceId, limit, entitlement, now);
    return create(tx);
  }, LIMITED_CREATE);
}

/** The limit a provider's connections count against; null for those no plan counts (imports). */
export function connectionLimitOf(provider: string): CountLimit | null {
  if (!isProviderKey(provider)) return null;
  const kind = PROVIDERS[provider].kind;
  if (kind === "store") return "storeConnections";
  return kind === "import" ? null : "otherConnections";
}

type AccountKey = { workspaceId: string; provider: string; externalAccountId: string | null };

/** A connection that is already live (a reconnect, new tokens) takes no new place. */
async function alreadyLive(client: Reader, { workspaceId, provider, externalAccountId }: AccountKey): Promise<boolean> {
  if (externalAccountId === null) return false;
  const existing = await client.connection.findUnique({
    where: { workspaceId_provider_externalAccountId: { workspaceId, provider, externalAccountId } },
    select: { status: true },
  });
  return existing !== null && existing.status !== "disconnected";
}

/**
 * Before a connection is created or brought back: refused (402) over the plan's limit for its
 * kind. Without an account (not known yet) every connection is taken as a new one. Like
 * `assertWithinLimit`, an early answer: the write goes through `connectWithinLimit`.
 */
export async function assertMayConnect(workspaceId: string, provider: string, externalAccountId: string | null, now: Date = new Date()): Promise<void> {
  const limit = connectionLimitOf(provider);
  if (!limit || !billingEnabled()) return;
  if (await alreadyLive(db, { workspaceId, provider, externalAccountId })) return;
  await assertWithinLimit(workspaceId, limit, now);
}

/**
 * Creates or brings back the connection of (provider, account) only while the plan has room for
 * it, atomically as `createWithinLimit` does; a connection already live passes whatever the count.
 */
export async function connectWithinLimit<T>(
  workspaceId: string, provider: string, externalAccountId: string, save: (tx: Tx) => Promise<T>, now: Date = new Date(),
): Promise<T> {
  const limit = connectionLimitOf(provider);
  const entitlement = limit ? await entitlementOf(workspaceId, now) : null;
  if (!limit || !entitlement) return save(db);
  return db.$transaction(async (tx) => {
    await lockLimit(tx, workspaceId, limit);
    if (!(await alreadyLive(tx, { workspaceId, provider, externalAccountId }))) await assertRoom(tx, workspaceId, limit, entitlement, now);
    return save(tx);
  }, LIMITED_CREATE);
}

export const READ_ONLY_MESSAGE =
  `This workspace is read-only: its last payment failed and the ${PAST_DUE_GRACE_DAYS}-day grace period has ended. ` +
  "Dashboards stay readable; an owner lifts this by paying the open invoice under Settings, Billing.";

/** Refuses (402) an edit to a workspace that is read-only (past due beyond its grace period). */
export function assertEditable(entitlement: Entitlement | null): void {
  if (entitlement?.readOnly) throw new AppError("payment_required", READ_ONLY_MESSAGE);
}

/** Whether the workspace is read-only now, for pages that hide edit controls; false with billing off. */
export async function workspaceReadOnly(workspaceId: string, now: Date = new Date()): Promise<boolean> {
  return (await entitlementOf(workspaceId, now))?.readOnly ?? false;
}

export async function assertWorkspaceEditable(workspaceId: string, now: Date = new Date()): Promise<void> {
  assertEditable(await entitlementOf(workspaceId, now));
}

/**
 * A monthly quota is used up (or would be passed): 429 with the instant it resets, in the message
 * and as Retry-After. `what` says what happened when it is not simply "used up", with {allowed}
 * where the plan's allowance goes.
 */
function quotaExceeded(plan: Plan, limit: "apiRequestsPerMonth" | "trackedEventsPerMonth", period: UsagePeriod, now: Date, what?: string): AppError {
  const seconds = Math.max(1, Math.ceil((period.end.getTime() - now.getTime()) / 1000));
  const allowed = `the ${number(plan.limits[limit])} its ${plan.name} plan allows this month`;
  return new AppError(
    "rate_limited",
    `${LIMIT_LABELS[limit]}: ${what ? what.replace("{allowed}", allowed) : `this workspace has used ${allowed}`}. ` +
      `The count resets at ${period.end.toISOString()}. ${upgradeHint(plan, limit)}`,
    { retryAfterSeconds: seconds },
  );
}

/**
 * Counts one API request against the month's quota, or refuses it (429) when the quota is used
 * up. One statement: the counter moves only while it is under the limit, so refused requests are
 * not counted and concurrent requests cannot pass it together.
 */
export async function countApiRequest(workspaceId: string, entitlement: Entitlement, now: Date = new Date()): Promise<void> {
  const period = usagePeriod(now, entitlement.timeZone);
  const limit = entitlement.plan.limits.apiRequestsPerMonth;
  const counted = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO api_request_counts AS c (workspace_id, month, count) VALUES (${workspaceId}, ${period.month}::date, 1)
    ON CONFLICT (workspace_id, month) DO UPDATE SET count = c.count + 1 WHERE c.count < ${limit}
    RETURNING c.count`;
  if (counted.length === 0) throw quotaExceeded(entitlement.plan, "apiRequestsPerMonth", period, now);
}

/**
 * What a request to the REST API must pass once its caller is known: an edit to a read-only
 * workspace is refused (402), and a request made with an API key is counted against the month's
 * quota (429 past it). Requests from the app's own pages (a session) are the product, not the API.
 */
export async function admitApiRequest(workspaceId: string, request: { edit: boolean; apiKey: boolean }, now: Date = new Date()): Promise<void> {
  if (!request.edit && !request.apiKey) return;
  const entitlement = await entitlementOf(workspaceId, now);
  if (!entitlement) return;
  if (request.edit) assertEditable(entitlement);
  if (request.apiKey) await countApiRequest(workspaceId, entitlement, now);
}

type EventAllowance = { checkedAt: number; entitlement: Entitlement | null; period: UsagePeriod | null; used: number };

// Counting a month of tracked events takes an index scan, too much for every request of the event
// API, so each process re-reads the count at most this often and adds what it accepted since. A
// workspace can go over its quota by what other processes accepted in that window, never by more.
const EVENT_RECHECK_MS = 30_000;
const eventAllowances = new Map<string, EventAllowance>();

async function eventAllowance(workspaceId: string, now: Date): Promise<EventAllowance> {
  const cached = eventAllowances.get(workspaceId);
  const fresh = cached && now.getTime() - cached.checkedAt < EVENT_RECHECK_MS && (!cached.period || now < cached.period.end);
  if (fresh) return cached;
  const entitlement = await entitlementOf(workspaceId, now);
  const period = entitlement ? usagePeriod(now, entitlement.timeZone) : null;
  const used = period ? ((await usageOf(workspaceId, "trackedEventsPerMonth", period, now)) ?? 0) : 0;
  const allowance = { checkedAt: now.getTime(), entitlement, period, used };
  eventAllowances.set(workspaceId, allowance);
  return allowance;
}

/**
 * Admits `count` tracked events into this month's quota, or refuses the whole request (429) when
 * they would take the workspace past it: the quota itself is allowed, one event more is not.
 */
export async function admitTrackedEvents(workspaceId: string, count: number, now: Date = new Date()): Promise<void> {
  if (!billingEnabled()) return;
  const allowance = await eventAllowance(workspaceId, now);
  const { entitlement, period } = allowance;
  if (!entitlement || !period) return;
  const limit = entitlement.plan.limits.trackedEventsPerMonth;
  if (allowance.used + count > limit) {
    const left = limit - allowance.used;
    const what = left > 0 ? `${number(count)} events would take this workspace past {allowed} (${number(left)} left)` : undefined;
    throw quotaExceeded(entitlement.plan, "trackedEventsPerMonth", period, now, what);
  }
  allowance.used += count;
}

/** How far back reports may look: from `earliest` (a local day) on, and why. */
export type HistoryWindow = { earliest: string; note: string };

/**
 * The oldest local day a report may show under the workspace's plan (today and the days before it,
 * `historyDays` in all); null without a limit. Older data is kept, only not shown.
 */
export async function historyWindowOf(workspaceId: string, timeZone: string, now: Date = new Date()): Promise<HistoryWindow | null> {
  const entitlement = await entitlementOf(workspaceId, now);
  if (!entitlement) return null;
  const { plan } = entitlement;
  const days = plan.limits.historyDays;
  const earliest = addDays(localDate(now, timeZone), -(days - 1));
  return { earliest, note: `The ${plan.name} plan shows the last ${number(days)} days, from ${earliest}; older data is kept, not shown. ${upgradeHint(plan, "historyDays")}` };
}

/**
 * The workspaces that are read-only now, whose scheduled syncs are paused: none with billing off.
 * Only past-due rows can be, so only they are read (few, whatever the number of workspaces).
 */
export async function readOnlyWorkspaceIds(now: Date = new Date()): Promise<string[]> {
  if (!billingEnabled()) return [];
  const rows = await db.workspaceBilling.findMany({ where: { status: "past_due" } });
  // The time zone only counts trial days, which a past-due workspace has none of.
  return rows
    .filter((row) => {
      const view = viewOf(row, "UTC", now);
      return view.enabled && view.readOnly;
    })
    .map((row) => row.workspaceId);
}

export const SYNCS_PAUSED_MESSAGE = "Scheduled syncs are paused while the workspace is read-only; they resume once the open invoice is paid.";

/** Records in each workspace's billing history, once per read-only stretch, that its syncs are paused. */
export async function recordSyncsPaused(workspaceIds: string[]): Promise<void> {
  if (workspaceIds.length === 0) return;
  const rows = await db.workspaceBilling.findMany({ where: { workspaceId: { in: workspaceIds } }, select: { workspaceId: true, graceEndsAt: true } });
  for (const { workspaceId, graceEndsAt } of rows) {
    const since = graceEndsAt ?? new Date(0);
    const recorded = await db.billingEvent.findFirst({ where: { workspaceId, kind: "syncs_paused", createdAt: { gte: since } }, select: { id: true } });
    if (!recorded) await logBillingEvent(workspaceId, { kind: "syncs_paused", message: SYNCS_PAUSED_MESSAGE, detail: { grace_ended_at: graceEndsAt?.toISOString() ?? null } });
  }
}
