import crypto from "node:crypto";
import { Gauge, Registry } from "prom-client";
import type { Db } from "@/lib/db/client";
import { deliveryFailures, ingestRates, jobQueue, syncLag } from "@/lib/ops/measures";
import { reportLatencyMetrics } from "./report-latency";
import { BURN_WINDOWS, serviceLevels, type BurnWindow } from "./slo";

// /api/metrics: the operations measures (lib/ops/measures.ts) and the service levels
// (./slo.ts) in Prometheus text format, read fresh on each scrape into a registry of its own, so
// nothing is kept between scrapes; then this process's report latency histogram.

export const INGEST_WINDOW_MINUTES = 15;
export const DELIVERY_WINDOW_HOURS = 24;

/** The scrape's answer to a caller: 404 when metrics are off (no METRICS_TOKEN), 401 for a wrong token. */
export function metricsAccess(authorization: string | null, token = process.env.METRICS_TOKEN): "off" | "denied" | "allowed" {
  if (!token) return "off";
  const given = /^Bearer\s+(.+)$/i.exec(authorization ?? "")?.[1] ?? "";
  const a = crypto.createHash("sha256").update(given).digest();
  const b = crypto.createHash("sha256").update(token).digest();
  return crypto.timingSafeEqual(a, b) ? "allowed" : "denied";
}

export async function renderMetrics(db: Db, now: Date): Promise<{ contentType: string; body: string }> {
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [registry] });

  const [queue, lags, rates, failures, levels] = await Promise.all([
    jobQueue(db, now),
    syncLag(db, now),
    ingestRates(db, now, INGEST_WINDOW_MINUTES),
    deliveryFailures(db, now, DELIVERY_WINDOW_HOURS),
    serviceLevels(db, now),
  ]);

  const queued = gauge("signalboard_job_queue_depth", "Job runs waiting, per job kind", ["kind"]);
  const running = gauge("signalboard_job_running", "Job runs running, per job kind", ["kind"]);
  const oldest = gauge("signalboard_job_oldest_waiting_seconds", "Age of the oldest waiting job run, per job kind", ["kind"]);
  const failed = gauge("signalboard_job_failed_24h", "Job runs failed in the last 24 hours, per job kind", ["kind"]);
  for (const m of queue) {
    queued.set({ kind: m.kind }, m.queued);
    running.set({ kind: m.kind }, m.running);
    oldest.set({ kind: m.kind }, m.oldestWaitingSeconds);
    failed.set({ kind: m.kind }, m.failed24h);
  }

  const maxLag = gauge("signalboard_sync_lag_seconds_max", "Largest lag behind the sync schedule among a provider's connections", ["provider"]);
  const connections = gauge("signalboard_sync_connections", "Scheduled connections per provider and status", ["provider", "status"]);
  const byProvider = new Map<string, number>();
  const byStatus = new Map<string, number>();
  for (const l of lags) {
    byProvider.set(l.provider, Math.max(byProvider.get(l.provider) ?? 0, l.lagSeconds));
    const key = `${l.provider}\u0000${l.status}`;
    byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
  }
  for (const [provider, seconds] of byProvider) maxLag.set({ provider }, seconds);
  for (const [key, count] of byStatus) {
    const [provider, status] = key.split("\u0000") as [string, string];
    connections.set({ provider, status }, count);
  }

  const ingest = gauge("signalboard_ingest_rows_per_minute", `Rows written per minute over the last ${INGEST_WINDOW_MINUTES} minutes`, ["source"]);
  ingest.set({ source: "orders" }, rates.ordersPerMinute);
  ingest.set({ source: "ad_rows" }, rates.adRowsPerMinute);
  ingest.set({ source: "tracked_events" }, rates.trackedEventsPerMinute);

  const deliveries = gauge("signalboard_delivery_failures_24h", "Notification deliveries failed in the last 24 hours, by message kind and channel", ["kind", "channel"]);
  for (const f of failures) deliveries.set({ kind: f.kind, channel: f.channel }, f.failed);

  const objective = gauge("signalboard_slo_objective", "The share of good events an objective promises over the month", ["objective"]);
  const budget = gauge("signalboard_slo_error_budget_remaining", "Share of this month's error budget not yet spent (1 without events; below 0 when overspent)", ["objective"]);
  const burn = gauge("signalboard_slo_burn_rate", "How many times faster than sustainable the error budget is spent over the window (0 without events)", ["objective", "window"]);
  for (const level of levels) {
    objective.set({ objective: level.objective.id }, level.objective.target);
    budget.set({ objective: level.objective.id }, level.budgetRemaining);
    for (const window of Object.keys(BURN_WINDOWS) as BurnWindow[]) burn.set({ objective: level.objective.id, window }, level.burnRates[window] ?? 0);
  }

  return { contentType: registry.contentType, body: `${await registry.metrics()}\n${await reportLatencyMetrics()}` };
}
