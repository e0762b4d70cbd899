import { db } from "@/lib/db/client";

/** How long an audit event is kept: a year and a month, so last year's same month can be compared. */
export const AUDIT_RETENTION_DAYS = 400;

// In batches, so a first sweep over a long backlog never holds one huge delete.
const BATCH = 5_000;

/** Deletes every workspace's events older than the retention period; answers how many went. */
export async function sweepExpiredAuditEvents(now = new Date(), batch = BATCH): Promise<number> {
  const cutoff = new Date(now.getTime() - AUDIT_RETENTION_DAYS * 86_400_000);
  let total = 0;
  for (;;) {
    const deleted = await db.$executeRaw`
      DELETE FROM audit_events WHERE (workspace_id, id) IN (
        SELECT workspace_id, id FROM audit_events WHERE occurred_at < ${cutoff} LIMIT ${batch}
      )`;
    total += deleted;
    if (deleted < batch) return total;
  }
}
