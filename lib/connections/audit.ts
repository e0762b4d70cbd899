import { recordAudit } from "@/lib/audit/record";
import type { Prisma } from "@/lib/db/generated/client";

type Tx = Pick<Prisma.TransactionClient, "auditEvent">;

/** A platform connected, or reconnected, in the transaction that saves the connection. */
export async function auditConnected(tx: Tx | null, workspaceId: string, connectionId: string, provider: string, account: string): Promise<void> {
  await recordAudit(tx, {
    workspaceId,
    action: "connection.connected",
    target: { type: "connection", id: connectionId },
    changes: { provider: { before: null, after: provider }, account: { before: null, after: account } },
  });
}
