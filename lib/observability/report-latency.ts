import { Histogram, Registry } from "prom-client";
import { timed } from "./timed";

// How long reports take to compute, kept in this process from its start (a histogram accumulates,
// unlike the measures /api/metrics reads fresh). Each report path wraps its computation in one
// `observeReport(kind, ...)` call; the scrape appends this registry to its own.

export const REPORT_KINDS = ["kpi", "attribution", "cohorts", "funnels", "dashboard_widget"] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

/** Seconds: a cached KPI report answers in milliseconds, a cold cohort or funnel in seconds. */
export const REPORT_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

type Held = { registry: Registry; histogram: Histogram<"kind" | "outcome"> };

// Next.js may load this module more than once (routes and instrumentation are bundled apart);
// the process keeps one histogram.
const holder = globalThis as unknown as { __signalboardReportLatency?: Held };

function held(): Held {
  if (!holder.__signalboardReportLatency) {
    const registry = new Registry();
    const histogram = new Histogram({
      name: "signalboard_report_duration_seconds",
      help: "Time to compute a report, by report kind and outcome (ok or error)",
      labelNames: ["kind", "outcome"],
      buckets: REPORT_DURATION_BUCKETS,
      registers: [registry],
    });
    holder.__signalboardReportLatency = { registry, histogram };
  }
  return holder.__signalboardReportLatency;
}

/** Times `compute` as a report of `kind`; a throw is observed as an error and passed on. */
export function observeReport<T>(kind: ReportKind, compute: () => Promise<T>): Promise<T> {
  return timed(compute, (outcome, seconds) => held().histogram.observe({ kind, outcome }, seconds));
}

/** The histogram in Prometheus text, for /api/metrics. */
export function reportLatencyMetrics(): Promise<string> {
  return held().registry.metrics();
}

/** Forgets what was observed (tests). */
export function resetReportLatency(): void {
  held().histogram.reset();
}
