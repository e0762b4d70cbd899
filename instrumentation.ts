// Runs once when the server starts: OpenTelemetry export when OTEL_EXPORTER_OTLP_ENDPOINT names a
// collector; in every server process, the writer of request outcomes for the availability
// objective; and the in-process scheduler, unless Inngest runs the jobs or a separate worker does
// (SIGNALBOARD_LOCAL_SCHEDULER=off, with `npm run worker` beside it).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  if (process.env.NEXT_PHASE === "phase-production-build") return;
  const { startTelemetry } = await import("@/lib/observability/otel");
  await startTelemetry("web");
  const [{ startAvailabilityRecorder }, { getDb }] = await Promise.all([import("@/lib/observability/availability"), import("@/lib/db/client")]);
  startAvailabilityRecorder(getDb);
  if (process.env.SIGNALBOARD_LOCAL_SCHEDULER === "off") return;
  const { startLocalScheduler } = await import("@/lib/jobs/scheduler");
  startLocalScheduler();
}

// A workspace page whose render failed is a bad event for the web's availability (its render was
// counted by the page guard). Not-found and redirects never arrive here.
export async function onRequestError(_error: unknown, request: { path: string }, context: { routeType: string }) {
  if (process.env.NEXT_RUNTIME !== "nodejs" || context.routeType !== "render" || !request.path.startsWith("/w/")) return;
  const { recordRenderError } = await import("@/lib/observability/availability");
  recordRenderError();
}
