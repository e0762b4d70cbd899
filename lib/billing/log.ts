import type { Prisma } from "@/lib/db/generated/client";
import { db } from "@/lib/db/client";
import { recordAudit } from "@/lib/audit/record";
import type { AuditAction } from "@/lib/audit/actions";

// The workspace's billing history (its audit trail for billing until a general one exists).

export type BillingEventKind = "subscription" | "comp" | "customer" | "sync_failed" | "notice" | "meter_failed" | "meter_mismatch" | "syncs_paused" | "connections_paused" | "connections_resumed" | "connections_chosen";

type Client = Prisma.TransactionClient | typeof db;

// The billing history's changes that also belong in the workspace's audit trail; the rest
// (failed reads, notices, meters) are operations, not changes anyone made.
const AUDITED: Partial<Record<BillingEventKind, AuditAction>> = {
  subscription: "billing.plan_changed",
  comp: "billing.plan_changed",
  connections_chosen: "billing.kept_connections_changed",
};

export async function logBillingEvent(
  workspaceId: string,
  entry: { kind: BillingEventKind; message: string; detail?: Prisma.InputJsonObject; stripeEventId?: string | null },
  client: Client = db,
): Promise<void> {
  await client.billingEvent.create({
    data: { workspaceId, kind: entry.kind, message: entry.message, detail: entry.detail ?? {}, stripeEventId: entry.stripeEventId ?? null },
  });
  const action = AUDITED[entry.kind];
  if (action) await recordAudit(client, { workspaceId, action, target: { type: "billing", id: null }, changes: { summary: { before: null, after: entry.message } } });
}

export async function billingHistory(workspaceId: string, take = 50) {
  return db.billingEvent.findMany({
    where: { workspaceId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: { kind: true, message: true, detail: true, stripeEventId: true, createdAt: true },
  });
}
