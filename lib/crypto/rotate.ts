import { db } from "@/lib/db/client";
import { currentKeyId, needsReseal, open, seal } from "./secrets";

const BATCH = 1_000;

/** Re-seals everything sealed under an older key, so the old key can then leave SECRETS_KEYS. */
export async function resealAll(): Promise<{ connections: number; customers: number }> {
  let connections = 0;
  for (const c of await db.connection.findMany({ select: { workspaceId: true, id: true, credentials: true } })) {
    if (!needsReseal(c.credentials)) continue;
    await db.connection.update({ where: { workspaceId_id: { workspaceId: c.workspaceId, id: c.id } }, data: { credentials: seal(open(c.credentials)) } });
    connections++;
  }
  let customers = 0;
  const currentKey = currentKeyId();
  for (;;) {
    // Rows still under another key; each pass re-seals a batch, so the query shrinks to nothing.
    const rows = await db.customer.findMany({
      where: { emailEncrypted: { not: null }, NOT: { emailEncrypted: { startsWith: `v1.${currentKey}.` } } },
      select: { workspaceId: true, connectionId: true, externalId: true, emailEncrypted: true },
      take: BATCH,
    });
    if (rows.length === 0) break;
    for (const r of rows) {
      await db.customer.update({
        where: { workspaceId_connectionId_externalId: { workspaceId: r.workspaceId, connectionId: r.connectionId, externalId: r.externalId } },
        data: { emailEncrypted: seal(open(r.emailEncrypted!)) },
      });
    }
    customers += rows.length;
  }
  for (;;) {
    const rows = await db.customer.findMany({
      where: { phoneEncrypted: { not: null }, NOT: { phoneEncrypted: { startsWith: `v1.${currentKey}.` } } },
      select: { workspaceId: true, connectionId: true, externalId: true, phoneEncrypted: true },
      take: BATCH,
    });
    if (rows.length === 0) break;
    for (const r of rows) {
      await db.customer.update({
        where: { workspaceId_connectionId_externalId: { workspaceId: r.workspaceId, connectionId: r.connectionId, externalId: r.externalId } },
        data: { phoneEncrypted: seal(open(r.phoneEncrypted!)) },
      });
    }
    customers += rows.length;
  }
  return { connections, customers };
}
