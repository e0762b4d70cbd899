import type { PoolClient } from "pg";
import { getPool } from "@/lib/db/pool";
import { addDays } from "@/lib/time/zone";
import { createCoalescer } from "./coalesce";
import { rebuildRollups, refreshCustomersOf, ROLLUP_FAMILIES, type RollupFamily, type TDayRange } from "./rollup";
import { logger } from "@/lib/log";

const log = logger("rollups");

// Incremental rollups. Whatever changes facts marks the local days it touched, in the same
// transaction (so a crash never loses a mark); refreshDirtyRollups then recomputes just those
// days and clears the marks it covered. Marks made while a refresh runs survive it.

type Queryable = Pick<PoolClient, "query">;

const MARK_SQL = `
INSERT INTO rollup_dirty_days (workspace_id, family, day)
SELECT DISTINCT $1, $2, d FROM unnest($3::date[]) AS d
ON CONFLICT (workspace_id, family, day) DO UPDATE SET marked_at = now()`;

/** Marks local days (YYYY-MM-DD) of a workspace whose facts of `family` changed. */
export async function markDirtyDays(client: Queryable | null, workspaceId: string, family: RollupFamily, days: readonly string[]): Promise<void> {
  if (days.length === 0) return;
  await (client ?? getPool()).query(MARK_SQL, [workspaceId, family, [...new Set(days)]]);
}

/**
 * Marks the local days of the given orders (their processed, else created, time) and of extra
 * instants (refunds) as dirty sales days, converting to the workspace's time zone in SQL.
 */
export async function markDirtyOrderDays(
  client: Queryable,
  scope: { workspaceId: string; connectionId: string },
  orderIds: readonly string[],
  instants: readonly string[] = [],
): Promise<void> {
  if (orderIds.length === 0 && instants.length === 0) return;
  await client.query(
    `INSERT INTO rollup_dirty_days (workspace_id, family, day)
     SELECT DISTINCT $1, 'sales', ((t.at AT TIME ZONE 'UTC') AT TIME ZONE w.time_zone)::date
     FROM workspaces w
     CROSS JOIN (
       SELECT COALESCE(o.processed_at, o.created_at) AS at FROM orders o
       WHERE o.workspace_id = $1 AND o.connection_id = $2 AND o.external_id = ANY($3::bigint[])
       UNION ALL SELECT unnest($4::timestamp[])
     ) t
     WHERE w.id = $1
     ON CONFLICT (workspace_id, family, day) DO UPDATE SET marked_at = now()`,
    [scope.workspaceId, scope.connectionId, orderIds, instants],
  );
}

/**
 * Marks every local day from a connection's earliest order or refund to its latest as a dirty
 * sales day: one statement where a backfill into a connection that had no orders would otherwise
 * mark its pages' days one page at a time (the refresh rebuilds a run of days as one range anyway).
 */
export async function markDirtyConnectionDays(client: Queryable, scope: { workspaceId: string; connectionId: string }): Promise<void> {
  await client.query(
    `WITH instants AS (
       SELECT COALESCE(o.processed_at, o.created_at) AS at FROM orders o WHERE o.workspace_id = $1 AND o.connection_id = $2
       UNION ALL
       SELECT COALESCE(r.processed_at, r.created_at) FROM refunds r WHERE r.workspace_id = $1 AND r.connection_id = $2
     ),
     span AS (
       SELECT ((min(at) AT TIME ZONE 'UTC') AT TIME ZONE w.time_zone)::date AS first_day,
              ((max(at) AT TIME ZONE 'UTC') AT TIME ZONE w.time_zone)::date AS last_day
       FROM instants CROSS JOIN workspaces w WHERE w.id = $1 GROUP BY w.time_zone
     )
     INSERT INTO rollup_dirty_days (workspace_id, family, day)
     SELECT $1, 'sales', d::date FROM span CROSS JOIN generate_series(span.first_day, span.last_day, interval '1 day') AS d
     WHERE span.first_day IS NOT NULL
     ON CONFLICT (workspace_id, family, day) DO UPDATE SET marked_at = now()`,
    [scope.workspaceId, scope.connectionId],
  );
}

/** Days a gap of at most this many days apart are rebuilt as one range (fewer statements). */
const MERGE_GAP_DAYS = 3;

export function coalesceDays(days: readonly string[]): TDayRange[] {
  const sorted = [...new Set(days)].sort();
  const ranges: TDayRange[] = [];
  for (const day of sorted) {
    const last = ranges.at(-1);
    if (last && day <= addDays(last.toDay, MERGE_GAP_DAYS + 1)) last.toDay = day;
    else ranges.push({ fromDay: day, toDay: day });
  }
  return ranges;
}

/** Rebuilds a range of one family; when that fails, day by day, so one bad day cannot hold back the others. Returns the days that failed. */
async function rebuildIsolated(workspaceId: string, family: RollupFamily, range: TDayRange): Promise<string[]> {
  try {
    // Customers are refreshed once for all of a refresh's sales days (refreshCustomersIsolated).
    await rebuildRollups(workspaceId, range, { families: [family], customers: false });
    return [];
  } catch (error) {
    if (range.fromDay === range.toDay) {
      log.error("day not rebuilt", { workspaceId, family, day: range.fromDay, err: error });
      return [range.fromDay];
    }
    const failed: string[] = [];
    for (let day = range.fromDay; day <= range.toDay; day = addDays(day, 1)) {
      failed.push(...(await rebuildIsolated(workspaceId, family, { fromDay: day, toDay: day })));
    }
    return failed;
  }
}

/** Refreshes the people of the given days at once; when that fails, range by range. Returns the days that failed. */
async function refreshCustomersIsolated(workspaceId: string, ranges: TDayRange[]): Promise<string[]> {
  try {
    await refreshCustomersOf(workspaceId, ranges);
    return [];
  } catch (error) {
    if (ranges.length === 1) {
      const [range] = ranges;
      log.error("customers not rebuilt", { workspaceId, fromDay: range!.fromDay, toDay: range!.toDay, err: error });
      const days: string[] = [];
      for (let day = range!.fromDay; day <= range!.toDay; day = addDays(day, 1)) days.push(day);
      return days;
    }
    const failed: string[] = [];
    for (const range of ranges) failed.push(...(await refreshCustomersIsolated(workspaceId, [range])));
    return failed;
  }
}

/**
 * Recomputes every dirty day of the workspace and clears the marks it covered. A day that cannot be
 * rebuilt keeps its mark (and is counted in `failed`); every other day is refreshed regardless.
 */
export async function refreshDirtyRollups(workspaceId: string): Promise<{ days: number; failed: number }> {
  const pool = getPool();
  // marked_at as text round-trips exactly (a JS Date would shift a zone-less timestamp).
  const dirty = await pool.query<{ family: RollupFamily; day: string; marked_at: string }>(
    "SELECT family, to_char(day, 'YYYY-MM-DD') AS day, marked_at::text AS marked_at FROM rollup_dirty_days WHERE workspace_id = $1",
    [workspaceId],
  );
  if (dirty.rows.length === 0) return { days: 0, failed: 0 };
  let failedDays = 0;
  for (const family of ROLLUP_FAMILIES) {
    const ranges = coalesceDays(dirty.rows.filter((r) => r.family === family).map((r) => r.day));
    const rebuild = async () => {
      const failed: string[] = [];
      for (const range of ranges) failed.push(...(await rebuildIsolated(workspaceId, family, range)));
      return failed;
    };
    // The sales days' customers and cohorts come from the facts, not from the sales rollup: they
    // are refreshed at the same time, on a second connection (a backfill's closing refresh takes
    // about as long for each). A day that failed either keeps its mark, and the next refresh
    // does both again.
    const failedLists = await Promise.all(family === "sales" ? [rebuild(), refreshCustomersIsolated(workspaceId, ranges)] : [rebuild()]);
    const failed = new Set(failedLists.flat());
    failedDays += failed.size;
    const rows = dirty.rows.filter((r) => r.family === family && !failed.has(r.day));
    if (rows.length === 0) continue;
    // Only marks not renewed since they were read: a day touched during the rebuild stays dirty.
    await pool.query(
      `DELETE FROM rollup_dirty_days d USING unnest($3::date[], $4::timestamp[]) AS seen(day, marked_at)
       WHERE d.workspace_id = $1 AND d.family = $2 AND d.day = seen.day AND d.marked_at <= seen.marked_at`,
      [workspaceId, family, rows.map((r) => r.day), rows.map((r) => r.marked_at)],
    );
  }
  // Tag rules read the people just recomputed (lib/tags); loaded lazily, as tags read the rollups' settings.
  if (dirty.rows.some((r) => r.family === "sales")) await (await import("@/lib/tags/rules/after-recompute")).runTagRulesAfterRecompute(workspaceId);
  return { days: dirty.rows.length - failedDays, failed: failedDays };
}

/** Workspaces with days marked longer ago than `olderThanMs` (a sweep for refreshes that failed). */
export async function workspacesWithDirtyDays(olderThanMs: number, limit = 50): Promise<string[]> {
  const result = await getPool().query<{ workspace_id: string }>(
    `SELECT workspace_id FROM rollup_dirty_days WHERE marked_at < now() - make_interval(secs => $1)
     GROUP BY workspace_id ORDER BY min(marked_at) LIMIT $2`,
    [olderThanMs / 1000, limit],
  );
  return result.rows.map((r) => r.workspace_id);
}

const coalesce = createCoalescer();

/**
 * A refresh whose failure must not fail the caller (a sync that already committed its data).
 * Concurrent callers for one workspace share refreshes (./coalesce.ts): a burst of webhooks
 * costs a couple of refreshes, not one each.
 */
export async function refreshDirtyRollupsQuietly(workspaceId: string): Promise<void> {
  await coalesce(workspaceId, async () => {
    try {
      await refreshDirtyRollups(workspaceId);
    } catch (error) {
      // The marks stay, so the next refresh or the sweep retries these days.
      log.error("refresh failed", { workspaceId, err: error });
    }
  });
}

/** Days a refresh should have cleared by now (it failed, or the process stopped first). */
const SWEEP_AFTER_MS = 2 * 60 * 1000;

/** Refreshes the workspaces whose dirty days were left behind; the schedulers call this. */
export async function sweepDirtyRollups(): Promise<number> {
  const workspaces = await workspacesWithDirtyDays(SWEEP_AFTER_MS);
  for (const workspaceId of workspaces) await refreshDirtyRollupsQuietly(workspaceId);
  return workspaces.length;
}
