import { db } from "@/lib/db/client";
import type { Role } from "@/lib/db/generated/client";
import { descriptor, isProviderKey } from "@/lib/connectors/registry";
import { syncLag, type TSyncLagMeasure } from "@/lib/ops/measures";
import { liveSupportGrant } from "./support-access";
import { planSummary } from "./workspaces";

// One workspace as the operator console shows it: its plan, how many members hold each role, its
// connections' health, and whether its owner has granted support access. Like the list, it reads
// no data of the workspace's own (no member's email, no account name): that takes support access.
// Sync health comes from the operations measure (lib/ops/measures.ts), not a second reading.

export const ROLE_ORDER: readonly Role[] = ["owner", "admin", "member", "viewer"];

export type OperatorConnectionHealth = {
  id: string;
  provider: string;
  providerLabel: string;
  status: string;
  /** Why it is off the sync schedule, or null when it is scheduled and `health` says how it keeps up. */
  unscheduled: "disconnected" | "paused_by_plan" | "import" | null;
  health: Pick<TSyncLagMeasure, "lastSuccessAt" | "lagSeconds" | "lastError"> | null;
};

export type OperatorWorkspaceDetail = {
  id: string;
  slug: string;
  name: string;
  createdAt: Date;
  timeZone: string;
  plan: string;
  planStatus: string;
  members: { total: number; byRole: { role: Role; count: number }[] };
  connections: OperatorConnectionHealth[];
  supportAccess: { expiresAt: Date; grantedAt: Date } | null;
};

function unscheduledReason(c: { provider: string; status: string; planPausedAt: Date | null }): OperatorConnectionHealth["unscheduled"] {
  if (c.status === "disconnected") return "disconnected";
  if (c.provider === "import") return "import";
  if (c.planPausedAt) return "paused_by_plan";
  return null;
}

/** The workspace with this id, or null when there is none. */
export async function workspaceDetailForOperator(workspaceId: string, now = new Date()): Promise<OperatorWorkspaceDetail | null> {
  const workspace = await db.workspace.findUnique({ where: { id: workspaceId }, select: { id: true, slug: true, name: true, createdAt: true, timeZone: true } });
  if (!workspace) return null;
  const [billing, roles, connections, lags, grant] = await Promise.all([
    db.workspaceBilling.findUnique({ where: { workspaceId } }),
    db.membership.groupBy({ by: ["role"], where: { workspaceId }, _count: { _all: true } }),
    db.connection.findMany({
      where: { workspaceId },
      select: { id: true, provider: true, status: true, planPausedAt: true },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    }),
    syncLag(db, now, { workspaceId }),
    liveSupportGrant(workspaceId, now),
  ]);
  const countOf = new Map(roles.map((r) => [r.role, r._count._all]));
  const lagOf = new Map(lags.map((l) => [l.connectionId, l]));
  return {
    ...workspace,
    ...planSummary(billing ?? undefined, workspace, now),
    members: {
      total: roles.reduce((sum, r) => sum + r._count._all, 0),
      byRole: ROLE_ORDER.map((role) => ({ role, count: countOf.get(role) ?? 0 })).filter((r) => r.count > 0),
    },
    connections: connections.map((c) => {
      const lag = lagOf.get(c.id);
      return {
        id: c.id,
        provider: c.provider,
        providerLabel: isProviderKey(c.provider) ? descriptor(c.provider).label : c.provider === "import" ? "Import" : c.provider,
        status: c.status,
        unscheduled: unscheduledReason(c),
        health: lag ? { lastSuccessAt: lag.lastSuccessAt, lagSeconds: lag.lagSeconds, lastError: lag.lastError } : null,
      };
    }),
    supportAccess: grant ? { expiresAt: grant.expiresAt, grantedAt: grant.createdAt } : null,
  };
}
