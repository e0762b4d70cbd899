import type { Db } from "@/lib/db/client";
import { descriptor, isProviderKey } from "@/lib/connectors/registry";
import { jobQueue, syncLag, type TJobQueueMeasure } from "@/lib/ops/measures";
import { FRESHNESS_SOURCES, freshnessOf, type FreshnessSource } from "./freshness";
import { serviceLevels, type ObjectiveStatus } from "./slo";
import { firingAlerts, type FiringAlert } from "./slo-alerts";
import { getSloAlerting, type SloAlertingView } from "./slo-alerting";

// Everything the operators' status page shows, read from the same measures as /api/metrics.

export type StaleConnection = { workspaceSlug: string; connectionName: string; provider: string; ageSeconds: number; status: string; lastError: string | null };
export type FreshnessView = { source: FreshnessSource; label: string; maxAgeSeconds: number; total: number; stale: number; stalest: StaleConnection[] };
export type JobSummary = { kinds: TJobQueueMeasure[]; queued: number; running: number; failed24h: number; oldestWaitingSeconds: number };

export type ServiceStatus = {
  objectives: ObjectiveStatus[];
  alerts: FiringAlert[];
  freshness: FreshnessView[];
  jobs: JobSummary;
  alerting: SloAlertingView;
};

export async function serviceStatus(db: Db, now: Date): Promise<ServiceStatus> {
  const [objectives, lags, kinds, alerts, alerting] = await Promise.all([serviceLevels(db, now), syncLag(db, now), jobQueue(db, now), firingAlerts(db), getSloAlerting()]);
  const samples = freshnessOf(lags);
  const stalest = samples.flatMap((s) => s.stalest);
  const [connections, workspaces] = await Promise.all([
    stalest.length ? db.connection.findMany({ where: { OR: stalest.map((s) => ({ workspaceId: s.workspaceId, id: s.connectionId })) }, select: { workspaceId: true, id: true, displayName: true } }) : [],
    stalest.length ? db.workspace.findMany({ where: { id: { in: [...new Set(stalest.map((s) => s.workspaceId))] } }, select: { id: true, slug: true } }) : [],
  ]);
  const nameOf = new Map(connections.map((c) => [`${c.workspaceId}/${c.id}`, c.displayName]));
  const slugOf = new Map(workspaces.map((w) => [w.id, w.slug]));
  return {
    objectives,
    alerts,
    freshness: samples.map((s) => ({
      source: s.source,
      label: FRESHNESS_SOURCES[s.source].label,
      maxAgeSeconds: FRESHNESS_SOURCES[s.source].maxAgeSeconds,
      total: s.total,
      stale: s.stale,
      stalest: s.stalest.map((l) => ({
        workspaceSlug: slugOf.get(l.workspaceId) ?? l.workspaceId,
        connectionName: nameOf.get(`${l.workspaceId}/${l.connectionId}`) ?? l.connectionId,
        provider: isProviderKey(l.provider) ? descriptor(l.provider).label : l.provider,
        ageSeconds: l.ageSeconds,
        status: l.status,
        lastError: l.lastError,
      })),
    })),
    jobs: {
      kinds,
      queued: kinds.reduce((n, k) => n + k.queued, 0),
      running: kinds.reduce((n, k) => n + k.running, 0),
      failed24h: kinds.reduce((n, k) => n + k.failed24h, 0),
      oldestWaitingSeconds: Math.max(0, ...kinds.map((k) => k.oldestWaitingSeconds)),
    },
    alerting,
  };
}
