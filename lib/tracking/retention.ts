import { getPool, utc } from "@/lib/db/pool";
import { trimFunnelTimes } from "@/lib/funnels/summary";
import { dropPartitionsBefore, ensureMonthPartitions, monthOf } from "./partitions";

// Retention: each workspace keeps events for its tracking_settings.retention_days (395 unless
// set), measured on the event time. Older events and their message ids are deleted daily; a
// whole month older than the longest retention of any workspace is dropped as a partition.

export const DEFAULT_RETENTION_DAYS = 395;
/** Partitions created ahead of the current month. */
export const MONTHS_AHEAD = 2;
const DAY_MS = 24 * 60 * 60 * 1000;

type RetentionRow = { workspace_id: string; retention_days: number };

/** Deletes each workspace's events older than its retention; how many events went. */
export async function applyRetention(now = new Date()): Promise<number> {
  const pool = getPool();
  // Only workspaces that have tracked events at all; the ledger is the cheapest place to ask.
  const { rows } = await pool.query<RetentionRow>(
    `SELECT w.id AS workspace_id, COALESCE(s.retention_days, $1)::int AS retention_days
     FROM workspaces w LEFT JOIN tracking_settings s ON s.workspace_id = w.id
     WHERE EXISTS (SELECT 1 FROM tracked_event_ids i WHERE i.workspace_id = w.id)`,
    [DEFAULT_RETENTION_DAYS],
  );
  let deleted = 0;
  for (const { workspace_id, retention_days } of rows) {
    const cutoff = utc(new Date(now.getTime() - retention_days * DAY_MS));
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const events = await client.query("DELETE FROM tracked_events WHERE workspace_id = $1 AND occurred_at < $2", [workspace_id, cutoff]);
      await client.query("DELETE FROM tracked_event_ids WHERE workspace_id = $1 AND occurred_at < $2", [workspace_id, cutoff]);
      await trimFunnelTimes(client, workspace_id, cutoff!);
      await client.query("COMMIT");
      deleted += events.rowCount ?? 0;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }
  return deleted;
}

/** The longest retention of any workspace, in days. */
async function longestRetentionDays(): Promise<number> {
  const { rows } = await getPool().query<{ days: number }>("SELECT GREATEST($1, COALESCE(max(retention_days), 0))::int AS days FROM tracking_settings", [
    DEFAULT_RETENTION_DAYS,
  ]);
  return rows[0]!.days;
}

export type MaintenanceOutcome = { created: string[]; deleted: number; dropped: string[] };

export async function maintainTrackedEvents(now = new Date()): Promise<MaintenanceOutcome> {
  const months = Array.from({ length: MONTHS_AHEAD + 1 }, (_, i) => monthOf(now, i));
  const created = await ensureMonthPartitions(months);
  const deleted = await applyRetention(now);
  const dropped = await dropPartitionsBefore(new Date(now.getTime() - (await longestRetentionDays()) * DAY_MS));
  return { created, deleted, dropped };
}
