import net from "node:net";
import { context, metrics, propagation, trace } from "@opentelemetry/api";
import { afterEach, describe, expect, it } from "vitest";
import { captureLogs } from "@/lib/log";
import { rateLimitedDiagLogger, startTelemetry, stopTelemetry, telemetryPlan, telemetryRunning } from "@/lib/observability/otel";
import { withSpan } from "@/lib/observability/spans";

// Starting the OpenTelemetry SDK from the environment: off without an endpoint, one clear error and
// off with a malformed one, and with a valid one but no collector listening, running without ever
// throwing or holding the process.

afterEach(async () => {
  await stopTelemetry(1_000);
  trace.disable();
  context.disable();
  propagation.disable();
  metrics.disable();
});

type Line = { level: string; msg: string; scope?: string };

async function started(env: Record<string, string>) {
  const capture = captureLogs();
  try {
    const state = await startTelemetry("web", env);
    return { state, lines: capture.lines().map((line) => JSON.parse(line) as Line) };
  } finally {
    capture.stop();
  }
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("the telemetry plan", () => {
  it("is off without an endpoint or when the SDK is disabled", () => {
    expect(telemetryPlan("web", {})).toMatchObject({ state: "off" });
    expect(telemetryPlan("web", { OTEL_EXPORTER_OTLP_ENDPOINT: "  " })).toMatchObject({ state: "off" });
    expect(telemetryPlan("web", { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_SDK_DISABLED: "true" })).toMatchObject({ state: "off" });
  });

  it("names the service per process, honours OTEL_SERVICE_NAME and joins the signal paths", () => {
    expect(telemetryPlan("web", { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" })).toEqual({
      state: "on",
      config: { serviceName: "signalboard-web", tracesUrl: "http://collector:4318/v1/traces", metricsUrl: "http://collector:4318/v1/metrics", timeoutMs: 10_000, metricIntervalMs: 60_000 },
    });
    const worker = telemetryPlan("worker", { OTEL_EXPORTER_OTLP_ENDPOINT: "https://otel.example.test/otlp", OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://traces.example.test/in", OTEL_METRIC_EXPORT_INTERVAL: "15000" });
    expect(worker).toMatchObject({ state: "on", config: { serviceName: "signalboard-worker", tracesUrl: "https://traces.example.test/in", metricsUrl: "https://otel.example.test/otlp/v1/metrics", metricIntervalMs: 15_000 } });
    expect(telemetryPlan("worker", { OTEL_EXPORTER_OTLP_ENDPOINT: "http://c:4318", OTEL_SERVICE_NAME: "shop-analytics" })).toMatchObject({ config: { serviceName: "shop-analytics" } });
  });

  it("refuses what is not an http(s) URL, naming the variable and never repeating its value", () => {
    for (const value of ["collector:4318 please", "grpc://collector:4317", "http://", "ftp://user:pw-secret@collector/"]) {
      const plan = telemetryPlan("web", { OTEL_EXPORTER_OTLP_ENDPOINT: value });
      expect(plan.state, value).toBe("invalid");
      const problem = (plan as { problem: string }).problem;
      expect(problem).toContain("OTEL_EXPORTER_OTLP_ENDPOINT");
      expect(problem).not.toContain("pw-secret");
    }
    const metricsOnly = telemetryPlan("web", { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: "metrics please" });
    expect(metricsOnly).toMatchObject({ state: "invalid", problem: expect.stringContaining("OTEL_EXPORTER_OTLP_METRICS_ENDPOINT") });
    expect(telemetryPlan("web", { OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4317", OTEL_EXPORTER_OTLP_PROTOCOL: "grpc" })).toMatchObject({
      state: "invalid",
      problem: expect.stringContaining("OTEL_EXPORTER_OTLP_PROTOCOL"),
    });
  });
});

describe("starting telemetry", () => {
  it("with a malformed endpoint: off, one error line naming the variable, and spans still run (as no-ops)", async () => {
    const { state, lines } = await started({ OTEL_EXPORTER_OTLP_ENDPOINT: "otel collector" });
    expect(state).toBe("off");
    expect(telemetryRunning()).toBe(false);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "error", scope: "telemetry" });
    expect(lines[0]!.msg).toMatch(/^OTEL_EXPORTER_OTLP_ENDPOINT is not a URL.*Telemetry is off; the app runs without it\.$/);
    expect(await withSpan("after a refused start", {}, async (span) => span.isRecording())).toBe(false);
  });

  it("without an endpoint: off and silent", async () => {
    const { state, lines } = await started({});
    expect(state).toBe("off");
    expect(lines).toEqual([]);
  });

  it("with a valid endpoint and no collector: spans record, exports fail into the log, shutdown ends in bounded time", async () => {
    const port = await closedPort();
    const capture = captureLogs();
    try {
      const state = await startTelemetry("web", { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`, OTEL_EXPORTER_OTLP_TIMEOUT: "300" });
      expect(state).toBe("on");
      // A second start (Next.js may load instrumentation twice) keeps the one SDK.
      expect(await startTelemetry("web", { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}` })).toBe("on");
      for (let i = 0; i < 3; i++) {
        expect(await withSpan("work", { i }, async (span) => span.isRecording())).toBe(true);
      }
      const before = performance.now();
      await stopTelemetry(2_000);
      expect(performance.now() - before).toBeLessThan(2_500);
      expect(telemetryRunning()).toBe(false);
    } finally {
      capture.stop();
    }
    const lines = capture.lines().map((line) => JSON.parse(line) as Line);
    expect(lines[0]).toMatchObject({ level: "info", msg: "OpenTelemetry export on" });
    const failures = lines.filter((line) => line.level === "warn" || line.level === "error");
    expect(failures.length).toBeGreaterThan(0);
    expect(failures.every((line) => /OpenTelemetry/.test(line.msg))).toBe(true);
  });
});

describe("the SDK's own complaints", () => {
  it("are logged once per kind of message a minute, with a count of those held back", () => {
    let now = 0;
    const diag = rateLimitedDiagLogger(60_000, () => now);
    const capture = captureLogs();
    try {
      for (let i = 0; i < 5; i++) diag.error("export failed: connect ECONNREFUSED 127.0.0.1:4318");
      diag.warn("another matter");
      diag.info("not logged");
      now = 61_000;
      diag.error("export failed: connect ECONNREFUSED 127.0.0.1:4318");
    } finally {
      capture.stop();
    }
    const lines = capture.lines().map((line) => JSON.parse(line) as Line);
    expect(lines.map((line) => [line.level, line.msg])).toEqual([
      ["error", "OpenTelemetry: export failed: connect ECONNREFUSED 127.0.0.1:4318"],
      ["warn", "OpenTelemetry: another matter"],
      ["error", "OpenTelemetry: export failed: connect ECONNREFUSED 127.0.0.1:4318 (4 more like it in the last 60 s)"],
    ]);
  });
});
