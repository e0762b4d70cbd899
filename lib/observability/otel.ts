import { diag, DiagLogLevel, type DiagLogger } from "@opentelemetry/api";
import { logger } from "../log";

// OpenTelemetry export: the Node SDK with OTLP/HTTP exporters for traces and metrics, started only
// when OTEL_EXPORTER_OTLP_ENDPOINT names a collector. A variable that is not an http(s) URL is one
// clear error line and telemetry stays off: the app serves either way. Without the SDK every span
// and measure in spans.ts goes to the API's no-op tracer and meter.

const log = logger("telemetry");

export type TelemetryService = "web" | "worker";
export type TelemetryState = "on" | "off";

export type TelemetryConfig = {
  serviceName: string;
  tracesUrl: string;
  metricsUrl: string;
  /** Each export's deadline (OTEL_EXPORTER_OTLP_TIMEOUT). */
  timeoutMs: number;
  /** How often metrics are pushed (OTEL_METRIC_EXPORT_INTERVAL). */
  metricIntervalMs: number;
};

export type TelemetryPlan = { state: "off"; why: string } | { state: "invalid"; problem: string } | { state: "on"; config: TelemetryConfig };

type Env = Record<string, string | undefined>;

const ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";
const SIGNAL_ENDPOINTS = { traces: "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", metrics: "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT" } as const;

/** Why a value is not a collector address, or null when it is one. The value itself is never repeated (it may hold credentials). */
function endpointProblem(name: string, value: string): string | null {
  if (!URL.canParse(value)) return `${name} is not a URL; set it to the collector's OTLP/HTTP address, e.g. http://otel-collector:4318`;
  const { protocol, hostname } = new URL(value);
  if (protocol !== "http:" && protocol !== "https:") {
    return `${name} must be an http:// or https:// URL (it uses ${protocol.slice(0, 20)}); this exporter speaks OTLP over HTTP, e.g. http://otel-collector:4318`;
  }
  if (!hostname) return `${name} names no host; set it to the collector's OTLP/HTTP address, e.g. http://otel-collector:4318`;
  return null;
}

function positiveInt(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}

/** The base endpoint with the signal's path, as the OTLP specification joins them. */
function signalUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "")}/${path}`;
}

/** What the environment asks for: off (no endpoint, or OTEL_SDK_DISABLED), invalid (with the reason), or on. */
export function telemetryPlan(service: TelemetryService, env: Env = process.env): TelemetryPlan {
  if ((env.OTEL_SDK_DISABLED ?? "").trim().toLowerCase() === "true") return { state: "off", why: "OTEL_SDK_DISABLED is true" };
  const endpoint = (env[ENDPOINT] ?? "").trim();
  if (!endpoint) return { state: "off", why: `${ENDPOINT} is not set` };
  for (const [name, value] of [[ENDPOINT, endpoint], ...Object.values(SIGNAL_ENDPOINTS).map((key) => [key, (env[key] ?? "").trim()])] as const) {
    if (!value) continue;
    const problem = endpointProblem(name, value);
    if (problem) return { state: "invalid", problem };
  }
  const protocol = (env.OTEL_EXPORTER_OTLP_PROTOCOL ?? "").trim();
  if (protocol && !protocol.startsWith("http/")) {
    return { state: "invalid", problem: `OTEL_EXPORTER_OTLP_PROTOCOL is ${protocol.slice(0, 20)}, but this exporter speaks OTLP over HTTP only (http/json); unset it or use http/json` };
  }
  return {
    state: "on",
    config: {
      serviceName: (env.OTEL_SERVICE_NAME ?? "").trim() || `signalboard-${service}`,
      tracesUrl: (env[SIGNAL_ENDPOINTS.traces] ?? "").trim() || signalUrl(endpoint, "v1/traces"),
      metricsUrl: (env[SIGNAL_ENDPOINTS.metrics] ?? "").trim() || signalUrl(endpoint, "v1/metrics"),
      timeoutMs: positiveInt(env.OTEL_EXPORTER_OTLP_TIMEOUT, 10_000),
      metricIntervalMs: positiveInt(env.OTEL_METRIC_EXPORT_INTERVAL, 60_000),
    },
  };
}

/** The SDK's own complaints (failed exports above all), as log lines: one per kind of message a minute, never thrown. */
export function rateLimitedDiagLogger(windowMs = 60_000, now: () => number = Date.now): DiagLogger {
  const last = new Map<string, { at: number; suppressed: number }>();
  const forward = (level: "warn" | "error") => (message: string, ...args: unknown[]) => {
    const key = `${level}:${message.slice(0, 80)}`;
    const seen = last.get(key);
    const at = now();
    if (seen && at - seen.at < windowMs) {
      seen.suppressed += 1;
      return;
    }
    if (last.size > 200) last.clear();
    last.set(key, { at, suppressed: 0 });
    const detail = args.length ? { detail: args.map((arg) => (arg instanceof Error ? arg.message : arg)) } : undefined;
    log[level](`OpenTelemetry: ${message.slice(0, 500)}${seen?.suppressed ? ` (${seen.suppressed} more like it in the last ${Math.round(windowMs / 1000)} s)` : ""}`, detail);
  };
  const ignore = () => {};
  return { error: forward("error"), warn: forward("warn"), info: ignore, debug: ignore, verbose: ignore };
}

type Running = { shutdown: () => Promise<void>; stopping: Promise<void> | null };

// Next.js may load this module more than once; the process runs one SDK.
const holder = globalThis as unknown as { __signalboardTelemetry?: Running | null };

export const SHUTDOWN_TIMEOUT_MS = 5_000;

/**
 * Starts the SDK if the environment names a collector; "off" otherwise (a malformed endpoint logs
 * one error naming the variable). Never throws: telemetry is never a reason not to serve.
 */
export async function startTelemetry(service: TelemetryService, env: Env = process.env): Promise<TelemetryState> {
  if (holder.__signalboardTelemetry) return "on";
  const plan = telemetryPlan(service, env);
  if (plan.state === "invalid") {
    log.error(`${plan.problem}. Telemetry is off; the app runs without it.`);
    return "off";
  }
  if (plan.state === "off") return "off";
  try {
    holder.__signalboardTelemetry = { shutdown: await startSdk(plan.config), stopping: null };
  } catch (error) {
    log.error("OpenTelemetry could not start; the app runs without it", error);
    return "off";
  }
  // The SDK installs no signal handler: flush on SIGTERM, bounded, then end as the signal would
  // have if nothing else (the web server, the worker) is handling it.
  process.once("SIGTERM", () => {
    void stopTelemetry().then(() => {
      if (process.listenerCount("SIGTERM") === 0) process.kill(process.pid, "SIGTERM");
    });
  });
  log.info("OpenTelemetry export on", { service: plan.config.serviceName, traces: plan.config.tracesUrl, metrics: plan.config.metricsUrl });
  return "on";
}

async function startSdk(config: TelemetryConfig): Promise<() => Promise<void>> {
  const [{ NodeSDK }, { OTLPTraceExporter }, { OTLPMetricExporter }, { PeriodicExportingMetricReader }, { resourceFromAttributes }, { RedactingSpanExporter }] = await Promise.all([
    import("@opentelemetry/sdk-node"),
    import("@opentelemetry/exporter-trace-otlp-http"),
    import("@opentelemetry/exporter-metrics-otlp-http"),
    import("@opentelemetry/sdk-metrics"),
    import("@opentelemetry/resources"),
    import("./otel-redact"),
  ]);
  const sdk = new NodeSDK({
    resource: resourceFromAttributes({ "service.name": config.serviceName }),
    serviceName: config.serviceName,
    traceExporter: new RedactingSpanExporter(new OTLPTraceExporter({ url: config.tracesUrl, timeoutMillis: config.timeoutMs })),
    metricReaders: [
      new PeriodicExportingMetricReader({
        exporter: new OTLPMetricExporter({ url: config.metricsUrl, timeoutMillis: config.timeoutMs }),
        exportIntervalMillis: config.metricIntervalMs,
        exportTimeoutMillis: Math.min(config.timeoutMs, config.metricIntervalMs),
      }),
    ],
    // No log export (lines go to stdout as JSON) and no automatic instrumentation: the spans are
    // the ones spans.ts makes, plus those Next.js makes itself.
    logRecordProcessors: [],
    instrumentations: [],
  });
  sdk.start();
  // After the SDK, which installs a console logger when OTEL_LOG_LEVEL is set.
  diag.setLogger(rateLimitedDiagLogger(), { logLevel: DiagLogLevel.WARN, suppressOverrideMessage: true });
  return () => sdk.shutdown();
}

/** Flushes and stops the SDK, giving up after `timeoutMs` so a dead collector never holds the exit. Idempotent. */
export async function stopTelemetry(timeoutMs = SHUTDOWN_TIMEOUT_MS): Promise<void> {
  const running = holder.__signalboardTelemetry;
  if (!running) return;
  running.stopping ??= running.shutdown().catch((error) => log.warn("OpenTelemetry did not flush on shutdown", error));
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      log.warn(`OpenTelemetry did not flush within ${timeoutMs} ms; exiting without the rest`);
      resolve();
    }, timeoutMs);
    timer.unref();
  });
  await Promise.race([running.stopping, late]);
  clearTimeout(timer);
  holder.__signalboardTelemetry = null;
}

/** True while the SDK runs in this process. */
export function telemetryRunning(): boolean {
  return Boolean(holder.__signalboardTelemetry);
}
