import type { Db } from "@/lib/db/client";
import { descriptor, isProviderKey, type ProviderKind } from "@/lib/connectors/registry";
import { SYNC_INTERVAL_MS } from "@/lib/connections/service";
import { redactText } from "@/lib/log/redact";

// The operations numbers, measured once: the operator console, /api/metrics and the service-level
// objectives all read them here. Each takes the database and the instant to measure at, so tests
// build rows and read exact figures. None writes.

export type TJobQueueMeasure = { kind: string; queued: number; running: number; failed24h: number; oldestWaitingSeconds: number };

/** Per job kind: runs waiting and running now, failures in the last 24 hours, the longest wait. */
export async function jobQueue(db: Db, now: Date): Promise<TJobQueueMeasure[]> {
  const since = new Date(now.getTime() - 24 * 3_600_000);
  const rows = await db.$queryRaw<{ kind: string; queued: number; running: number; failed: number; oldest: Date | null }[]>`
    SELECT kind,
           count(*) FILTER (WHERE status = 'queued')::int AS queued,
           count(*) FILTER (WHERE status = 'running')::int AS running,
           count(*) FILTER (WHERE status = 'failed' AND finished_at >= ${since})::int AS failed,
           min(queued_at) FILTER (WHERE status = 'queued') AS oldest
    FROM job_runs
    WHERE status IN ('queued', 'running') OR (status = 'failed' AND finished_at >= ${since})
    GROUP BY kind ORDER BY kind`;
  return rows.map((r) => ({
    kind: r.kind,
    queued: r.queued,
    running: r.running,
    failed24h: r.failed,
    oldestWaitingSeconds: r.oldest ? Math.max(0, Math.round((now.getTime() - r.oldest.getTime()) / 1000)) : 0,
  }));
}

export type TSyncLagMeasure = {
  workspaceId: string;
  connectionId: string;
  provider: string;
  kind: ProviderKind | "unknown";
  status: string;
  lastSuccessAt: Date | null;
  /** How far the data is behind the schedule: its age beyond one sync interval (0 when on time). */
  lagSeconds: number;
  lastError: string | null;
};

/** The cadence a scheduled connection is synced at (PRODUCT.md: every 10 minutes). */
export const SYNC_CADENCE_SECONDS = SYNC_INTERVAL_MS / 1000;

/**
 * Every connection that syncs on a schedule (not disconnected, not paused over its plan, not an
 * import): how far behind its schedule it is. One never synced is behind since it was connected.
 * `workspaceId` narrows it to one workspace's connections (the console's workspace page).
 */
export async function syncLag(db: Db, now: Date, options: { workspaceId?: string } = {}): Promise<TSyncLagMeasure[]> {
  const connections = await db.connection.findMany({
    where: { ...(options.workspaceId ? { workspaceId: options.workspaceId } : {}), status: { not: "disconnected" }, planPausedAt: null, provider: { not: "import" } },
    select: { workspaceId: true, id: true, provider: true, status: true, lastSuccessAt: true, lastError: true, createdAt: true },
    orderBy: [{ workspaceId: "asc" }, { id: "asc" }],
  });
  return connections.map((c) => {
    const since = c.lastSuccessAt ?? c.createdAt;
    const ageSeconds = Math.max(0, (now.getTime() - since.getTime()) / 1000);
    return {
      workspaceId: c.workspaceId,
      connectionId: c.id,
      provider: c.provider,
      kind: isProviderKey(c.provider) ? descriptor(c.provider).kind : "unknown",
      status: c.status,
      lastSuccessAt: c.lastSuccessAt,
      lagSeconds: Math.round(Math.max(0, ageSeconds - SYNC_CADENCE_SECONDS)),
      lastError: c.lastError ? redactText(c.lastError) : null,
    };
  });
}

export type TIngestRates = { ordersPerMinute: number; adRowsPerMinute: number; trackedEventsPerMinute: number };

/**
 * Rows written per minute over the last `windowMinutes`: orders and ad insight rows by when they
 * were last synced, tracked events by when they were received. Counted per workspace through the
 * (workspace_id, time) indexes, so the cost follows the rows in the window, not the tables' size.
 */
export async function ingestRates(db: Db, now: Date, windowMinutes: number): Promise<TIngestRates> {
  const since = new Date(now.getTime() - windowMinutes * 60_000);
  const [row] = await db.$queryRaw<{ orders: bigint; ads: bigint; events: bigint }[]>`
    SELECT
      coalesce(sum((SELECT count(*) FROM orders o WHERE o.workspace_id = w.id AND o.synced_at >= ${since} AND o.synced_at <= ${now})), 0)::bigint AS orders,
      coalesce(sum((SELECT count(*) FROM ad_insights_daily a WHERE a.workspace_id = w.id AND a.synced_at >= ${since} AND a.synced_at <= ${now})), 0)::bigint AS ads,
      coalesce(sum((SELECT count(*) FROM tracked_events e WHERE e.workspace_id = w.id AND e.received_at >= ${since} AND e.received_at <= ${now})), 0)::bigint AS events
    FROM workspaces w`;
  const perMinute = (count: bigint | undefined) => Math.round((Number(count ?? 0) / windowMinutes) * 100) / 100;
  return { ordersPerMinute: perMinute(row?.orders), adRowsPerMinute: perMinute(row?.ads), trackedEventsPerMinute: perMinute(row?.events) };
}

export type TDeliveryFailure = { kind: "digest" | "alert" | "audience" | "test"; channel: string; failed: number };

/** Deliveries that failed for good in the last `windowHours`, by message kind and destination channel. */
export async function deliveryFailures(db: Db, now: Date, windowHours: number): Promise<TDeliveryFailure[]> {
  const since = new Date(now.getTime() - windowHours * 3_600_000);
  const rows = await db.$queryRaw<{ kind: TDeliveryFailure["kind"]; channel: string; failed: number }[]>`
    SELECT d.message_kind::text AS kind, coalesce(n.kind::text, 'unknown') AS channel, count(*)::int AS failed
    FROM notification_deliveries d
    LEFT JOIN notification_destinations n ON n.workspace_id = d.workspace_id AND n.id = d.destination_id
    WHERE d.status = 'failed' AND d.updated_at >= ${since} AND d.updated_at <= ${now}
    GROUP BY 1, 2 ORDER BY 1, 2`;
  return rows;
}
