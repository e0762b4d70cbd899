import type { Prisma } from "@/lib/db/generated/client";
import { db } from "@/lib/db/client";

// The workspace's billing history (its audit trail for billing until a general one exists).

export type BillingEventKind = "subscription" | "comp" | "customer" | "sync_failed" | "notice" | "meter_failed" | "meter_mismatch" | "syncs_paused" | "connections_paused" | "connections_resumed" | "connections_chosen";

type Client = Prisma.TransactionClient | typeof db;

export async function logBillingEvent(
  workspaceId: string,
  entry: { kind: BillingEventKind; message: string; detail?: Prisma.InputJsonObject; stripeEventId?: string | null },
  client: Client = db,
): Promise<void> {
  await client.billingEvent.create({
    data: { workspaceId, kind: entry.kind, message: entry.message, detail: entry.detail ?? {}, stripeEventId: entry.stripeEventId ?? null },
  });
}

export async function billingHistory(workspaceId: string, take = 50) {
  return db.billingEvent.findMany({
    where: { workspaceId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    select: { kind: true, message: true, detail: true, stripeEventId: true, createdAt: true },
  });
}
