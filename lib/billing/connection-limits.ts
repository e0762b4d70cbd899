import { providersOfKind } from "@/lib/connectors/registry";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { billingEnabled } from "./config";
import { entitlementOf } from "./limits";
import { logBillingEvent } from "./log";
import { PLANS, type Plan } from "./plans";
import { storedBilling, trialBilling, viewOf, type BillingView } from "./state";

// Connections beyond what the plan allows. A workspace that falls to a smaller plan (a canceled
// subscription at its period's end, an ended trial or comp) keeps every connection and its data,
// but only as many of each kind as the plan allows keep syncing: the owner chooses which, and the
// rest are paused until an upgrade or another choice brings them back. Paused connections are not
// scheduled and a sync of one is refused (402); their data stays in reports.

/** The limits a connection counts against (imports and the demo store count against none). */
export const CONNECTION_LIMITS = ["storeConnections", "otherConnections"] as const;
export type ConnectionLimit = (typeof CONNECTION_LIMITS)[number];

const PROVIDERS_OF: Record<ConnectionLimit, string[]> = {
  storeConnections: providersOfKind("store"),
  otherConnections: providersOfKind("ads", "analytics", "messaging", "crm"),
};

const NOUNS: Record<ConnectionLimit, [string, string]> = {
  storeConnections: ["store connection", "store connections"],
  otherConnections: ["ad or other connection", "ad and other connections"],
};
export const countedNoun = (limit: ConnectionLimit, n: number) => `${n.toLocaleString("en")} ${NOUNS[limit][n === 1 ? 0 : 1]}`;

export type CountedConnection = { id: string; displayName: string; provider: string; createdAt: Date; paused: boolean };

type Client = Prisma.TransactionClient | typeof db;

/** The connections `limit` counts (live, not the demo store), oldest first, paused or not. */
async function countedConnections(client: Client, workspaceId: string, limit: ConnectionLimit): Promise<CountedConnection[]> {
  // As usage.ts counts them; in SQL, as a JSON path filter would drop rows whose settings lack the key.
  const rows = await client.$queryRaw<{ id: string; display_name: string; provider: string; created_at: Date; plan_paused_at: Date | null }[]>`
    SELECT id, display_name, provider, created_at, plan_paused_at FROM connections
    WHERE workspace_id = ${workspaceId} AND provider = ANY(${PROVIDERS_OF[limit]}::text[]) AND status <> 'disconnected'
      AND coalesce(settings->>'demo', '') <> 'true'
    ORDER BY created_at, id`;
  return rows.map((c) => ({ id: c.id, displayName: c.display_name, provider: c.provider, createdAt: c.created_at, paused: c.plan_paused_at !== null }));
}

/**
 * Which connections stay active when `allowed` of them may: those the owner chose (as many as fit),
 * then, for the places left, those active now before paused ones, oldest first. Connections active
 * now come first so that a check that finds nothing new changes nothing.
 */
export function keptConnections(connections: CountedConnection[], chosen: readonly string[], allowed: number): Set<string> {
  const kept = new Set(connections.filter((c) => chosen.includes(c.id)).slice(0, allowed).map((c) => c.id));
  const rest = [...connections.filter((c) => !c.paused), ...connections.filter((c) => c.paused)];
  for (const c of rest) {
    if (kept.size >= allowed) break;
    kept.add(c.id);
  }
  return kept;
}

/** The plan the workspace is on, or is about to fall to, and from when (null: it is on it now). */
export type PlanAhead = { plan: Plan; from: Date | null };

/**
 * The plan whose limits the owner is asked to choose for: Free once a canceled subscription's
 * period ends (or an own trial ends), else the plan of now. A comp wins over both while it lasts.
 */
export function planAhead(view: Extract<BillingView, { enabled: true }>, cancelAtPeriodEnd: boolean): PlanAhead {
  if (view.compedUntil !== undefined) return { plan: view.plan, from: null };
  if (view.status === "canceled" || (cancelAtPeriodEnd && view.status !== "free")) return { plan: PLANS.free, from: view.periodEndsAt };
  if (view.status === "trialing" && view.provider === "none" && view.trialEndsAt) return { plan: PLANS.free, from: view.trialEndsAt };
  return { plan: view.plan, from: null };
}

export type ConnectionChoice = {
  limit: ConnectionLimit;
  plan: Plan;
  allowed: number;
  connections: (CountedConnection & { kept: boolean })[];
};

export type ConnectionChoices = {
  ahead: PlanAhead;
  /** Whether the owner has chosen; until then, the default (active first, oldest first) applies. */
  chosenAt: Date | null;
  /** One per kind of connection the workspace has more of than the plan ahead allows. */
  groups: ConnectionChoice[];
};

/** What the billing page asks the owner: for each kind over the plan ahead's limit, which stay. Null with billing off. */
export async function connectionChoices(workspaceId: string, now: Date = new Date()): Promise<ConnectionChoices | null> {
  if (!billingEnabled()) return null;
  const [found, billing] = await Promise.all([
    storedBilling(workspaceId),
    db.workspaceBilling.findUnique({ where: { workspaceId }, select: { keptConnectionIds: true, keptChosenAt: true } }),
  ]);
  if (!found) return null;
  const view = viewOf(found.stored, found.timeZone, now);
  if (!view.enabled) return null;
  const ahead = planAhead(view, found.stored.cancelAtPeriodEnd);
  const chosen = billing?.keptConnectionIds ?? [];
  const groups: ConnectionChoice[] = [];
  for (const limit of CONNECTION_LIMITS) {
    const connections = await countedConnections(db, workspaceId, limit);
    const allowed = ahead.plan.limits[limit];
    if (connections.length <= allowed) continue;
    const kept = keptConnections(connections, chosen, allowed);
    groups.push({ limit, plan: ahead.plan, allowed, connections: connections.map((c) => ({ ...c, kept: kept.has(c.id) })) });
  }
  return { ahead, chosenAt: billing?.keptChosenAt ?? null, groups };
}

const names = (list: { displayName: string }[]) => list.map((c) => c.displayName).join(", ");

export type EnforceOutcome = { paused: string[]; resumed: string[] };

/**
 * Brings the workspace's connections in line with its plan now: those beyond each limit that the
 * owner did not keep are paused, paused ones the plan (or the owner's choice) has room for resume
 * at once. With billing off nothing is limited, so every paused connection resumes. Each change is
 * in the billing history.
 */
export async function enforceConnectionLimits(workspaceId: string, now: Date = new Date(), source: { stripeEventId?: string | null } = {}): Promise<EnforceOutcome> {
  const entitlement = await entitlementOf(workspaceId, now);
  const plan = entitlement?.plan ?? null;
  return db.$transaction(async (tx) => {
    // One pass at a time per workspace: a webhook's and the schedule's would otherwise pause and resume across each other.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('plan-connections'), hashtext(${workspaceId}))`;
    const billing = await tx.workspaceBilling.findUnique({ where: { workspaceId }, select: { keptConnectionIds: true } });
    const outcome: EnforceOutcome = { paused: [], resumed: [] };
    for (const limit of CONNECTION_LIMITS) {
      const connections = await countedConnections(tx, workspaceId, limit);
      const kept = plan ? keptConnections(connections, billing?.keptConnectionIds ?? [], plan.limits[limit]) : new Set(connections.map((c) => c.id));
      const toPause = connections.filter((c) => !c.paused && !kept.has(c.id));
      const toResume = connections.filter((c) => c.paused && kept.has(c.id));
      if (toPause.length && plan) {
        await tx.connection.updateMany({ where: { workspaceId, id: { in: toPause.map((c) => c.id) } }, data: { planPausedAt: now, planPausedUnder: plan.id } });
        const stay = connections.filter((c) => kept.has(c.id));
        await logBillingEvent(
          workspaceId,
          {
            kind: "connections_paused",
            message: `Paused over the ${plan.name} plan's limit of ${countedNoun(limit, plan.limits[limit])}: ${names(toPause)}. Still syncing: ${stay.length ? names(stay) : "none"}.`,
            detail: { limit, plan: plan.id, paused: toPause.map((c) => c.id), kept: stay.map((c) => c.id) },
            stripeEventId: source.stripeEventId,
          },
          tx,
        );
        outcome.paused.push(...toPause.map((c) => c.id));
      }
      if (toResume.length) {
        // Due at once: the schedule picks them up on its next tick.
        await tx.connection.updateMany({ where: { workspaceId, id: { in: toResume.map((c) => c.id) } }, data: { planPausedAt: null, planPausedUnder: null, nextSyncAt: now } });
        const why = plan ? `the ${plan.name} plan allows ${countedNoun(limit, plan.limits[limit])}` : "billing is off";
        await logBillingEvent(
          workspaceId,
          { kind: "connections_resumed", message: `Resumed: ${names(toResume)} (${why}).`, detail: { limit, plan: plan?.id ?? null, resumed: toResume.map((c) => c.id) }, stripeEventId: source.stripeEventId },
          tx,
        );
        outcome.resumed.push(...toResume.map((c) => c.id));
      }
    }
    return outcome;
  });
}

/** Parses the owner's choice: for each kind, the ids of the connections that stay. */
function choiceInput(input: Record<string, unknown>): Record<ConnectionLimit, string[]> {
  const ids = (value: unknown) => (Array.isArray(value) ? value : value === undefined || value === null || value === "" ? [] : [value]).map(String);
  return { storeConnections: ids(input.storeConnections), otherConnections: ids(input.otherConnections) };
}

/**
 * The owner's choice of which connections stay active on the plan ahead, for each kind it has more
 * of than that plan allows. A connection of another workspace (or none) is a 404; more than the plan
 * allows is a 400 naming the kind. Applied at once when the workspace is already on that plan.
 */
export async function chooseKeptConnections(workspaceId: string, input: Record<string, unknown>, now: Date = new Date()): Promise<{ kept: CountedConnection[]; outcome: EnforceOutcome }> {
  const choices = await connectionChoices(workspaceId, now);
  if (!choices) throw new AppError("conflict", "Billing is not enabled on this installation: no plan limits connections.");
  const wanted = choiceInput(input);
  const kept: CountedConnection[] = [];
  for (const limit of CONNECTION_LIMITS) {
    const group = choices.groups.find((g) => g.limit === limit);
    for (const id of wanted[limit]) {
      const connection = group?.connections.find((c) => c.id === id);
      if (connection) {
        kept.push(connection);
        continue;
      }
      // Not one of this group: another workspace's (or nobody's) is a 404, one of this workspace's another kind a 400.
      const own = await db.connection.findUnique({ where: { workspaceId_id: { workspaceId, id } }, select: { id: true } });
      if (!own) throw new AppError("not_found", "No such connection.");
      throw AppError.field(limit, `That connection is not one of the ${NOUNS[limit][1]} to choose from.`);
    }
    if (group && wanted[limit].length > group.allowed) {
      throw AppError.field(limit, `The ${group.plan.name} plan keeps ${countedNoun(limit, group.allowed)} active: choose at most ${group.allowed}.`);
    }
  }
  if (choices.groups.length === 0) throw new AppError("conflict", `Nothing to choose: the ${choices.ahead.plan.name} plan has room for every connection.`);
  await db.$transaction(async (tx) => {
    const workspace = await tx.workspace.findUnique({ where: { id: workspaceId }, select: { createdAt: true } });
    if (!workspace) throw new AppError("not_found", "No such workspace.");
    await tx.workspaceBilling.upsert({
      where: { workspaceId },
      create: { workspaceId, ...trialBilling(workspace.createdAt), keptConnectionIds: kept.map((c) => c.id), keptChosenAt: now },
      update: { keptConnectionIds: kept.map((c) => c.id), keptChosenAt: now },
    });
    await logBillingEvent(
      workspaceId,
      {
        kind: "connections_chosen",
        message: `The owner chose which connections stay on the ${choices.ahead.plan.name} plan: ${kept.length ? names(kept) : "none named, so those active now stay, oldest first"}.`,
        detail: { plan: choices.ahead.plan.id, kept: kept.map((c) => c.id) },
      },
      tx,
    );
  });
  return { kept, outcome: await enforceConnectionLimits(workspaceId, now) };
}

/** What a sync of a paused connection is refused with (402). */
export function pausedMessage(planId: string | null): string {
  const plan = PLANS[planId as keyof typeof PLANS] ?? PLANS.free;
  return `This connection is paused: it is over the ${plan.name} plan's limit, so it does not sync (its data stays in your reports). An owner can upgrade, or choose which connections stay, under Settings, Billing.`;
}

/** Refuses (402) a sync of a connection paused over the plan's limit. */
export async function assertConnectionNotPaused(scope: { workspaceId: string; connectionId: string }): Promise<void> {
  const connection = await db.connection.findUnique({ where: { workspaceId_id: { workspaceId: scope.workspaceId, id: scope.connectionId } }, select: { planPausedAt: true, planPausedUnder: true } });
  if (connection?.planPausedAt) throw new AppError("payment_required", pausedMessage(connection.planPausedUnder));
}

/**
 * Workspaces whose connections may not match their plan: those with a paused connection, and (with
 * billing on) those with more of a kind than the smallest plan allows. The rest cannot be over any plan.
 */
export async function workspacesToCheck(): Promise<string[]> {
  const paused = await db.connection.findMany({ where: { planPausedAt: { not: null } }, distinct: ["workspaceId"], select: { workspaceId: true } });
  const ids = new Set(paused.map((r) => r.workspaceId));
  if (billingEnabled()) {
    for (const limit of CONNECTION_LIMITS) {
      const smallest = Math.min(...Object.values(PLANS).map((p) => p.limits[limit]));
      const rows = await db.$queryRaw<{ workspace_id: string }[]>`
        SELECT workspace_id FROM connections
        WHERE provider = ANY(${PROVIDERS_OF[limit]}::text[]) AND status <> 'disconnected' AND coalesce(settings->>'demo', '') <> 'true'
        GROUP BY workspace_id HAVING count(*) > ${smallest}`;
      for (const r of rows) ids.add(r.workspace_id);
    }
  }
  return [...ids];
}
