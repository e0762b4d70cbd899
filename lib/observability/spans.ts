import { SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";
import { currentContext } from "../log/context";
import { redactText } from "../log/redact";
import { countConnectorError, recordDuration } from "./otel-metrics";
import { timed } from "./timed";

// The spans Signalboard makes: API requests, job runs (both backends), provider API calls and
// report queries, each with the matching duration measure. Attributes are ids, kinds, counts and
// statuses only: never a query string, header, token or email. With no SDK running the API's
// no-op tracer answers, so a span costs a few object lookups and attributes are not even built.

const tracer = () => trace.getTracer("signalboard");

const seconds = (startedAt: number) => (performance.now() - startedAt) / 1000;

function messageOf(error: unknown): string {
  return redactText(error instanceof Error ? error.message : String(error)).slice(0, 500);
}

/** Marks a span failed with the error's (redacted) message. */
function failSpan(span: Span, error: unknown): void {
  if (!span.isRecording()) return;
  const message = messageOf(error);
  span.recordException({ name: error instanceof Error ? error.name : "Error", message });
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/** Marks the span under way failed, for code that catches an error rather than letting it end the span. */
export function markSpanFailed(error: unknown): void {
  const span = trace.getActiveSpan();
  if (span) failSpan(span, error);
}

/** Runs `fn` in a span that is active for everything it awaits; a throw marks the span failed and is passed on. */
export function withSpan<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      failSpan(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

const ID_SEGMENT = /^(\d+|[0-9a-f-]{32,36}|c[a-z0-9]{20,}|(?=.*\d)[A-Za-z0-9_-]{12,})$/;

/**
 * A request path as a route: the workspace slug and ids become placeholders, so spans and
 * measures group by endpoint and never carry a path's token.
 */
export function routeOf(pathname: string): string {
  const segments = pathname.split("/");
  return redactText(
    segments
      .map((segment, i) => {
        if (i > 0 && segments[i - 1] === "workspaces" && segment) return "{slug}";
        if (segment.length > 64 || ID_SEGMENT.test(segment)) return "{id}";
        return segment;
      })
      .join("/"),
  );
}

/** An API request: method, route, status and the workspace the guard resolved. */
export function traceRequest<T>(request: Request, work: () => Promise<T>): Promise<T> {
  const method = request.method.toUpperCase();
  const route = routeOf(new URL(request.url).pathname);
  const startedAt = performance.now();
  const { requestId } = currentContext();
  return withSpan(`${method} ${route}`, { "http.request.method": method, "http.route": route, ...(requestId && { "signalboard.request_id": requestId }) }, async (span) => {
    let status = 500;
    try {
      const result = await work();
      status = result instanceof Response ? result.status : 200;
      return result;
    } finally {
      const { workspaceId } = currentContext();
      span.setAttribute("http.response.status_code", status);
      if (workspaceId) span.setAttribute("signalboard.workspace_id", workspaceId);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      recordDuration("request", seconds(startedAt), { "http.route": route, "http.request.method": method, "http.response.status_code": status });
    }
  });
}

export type JobRun = { kind: string; backend: "local" | "inngest"; attempt: number; runId?: string };

/**
 * A job run. `outcomeOf` names the outcome of a result (the local backend reports "failed" as a
 * result, having recorded the error itself); a throw is "failed".
 */
export function traceJob<T>(run: JobRun, work: () => Promise<T>, outcomeOf: (result: T) => string = () => "done"): Promise<T> {
  const startedAt = performance.now();
  const { jobId, workspaceId } = currentContext();
  const attributes: Attributes = {
    "signalboard.job.kind": run.kind,
    "signalboard.job.backend": run.backend,
    "signalboard.job.attempt": run.attempt,
    ...(jobId && { "signalboard.job.id": jobId }),
    ...(run.runId && { "signalboard.job.run_id": run.runId }),
    ...(workspaceId && { "signalboard.workspace_id": workspaceId }),
  };
  return withSpan(`job ${run.kind}`, attributes, async (span) => {
    let outcome = "failed";
    try {
      const result = await work();
      outcome = outcomeOf(result);
      if (outcome === "failed") span.setStatus({ code: SpanStatusCode.ERROR, message: `${run.kind} failed` });
      return result;
    } finally {
      span.setAttribute("signalboard.job.outcome", outcome);
      recordDuration("job", seconds(startedAt), { "signalboard.job.kind": run.kind, "signalboard.job.backend": run.backend, "signalboard.job.outcome": outcome });
    }
  });
}

/** What the HTTP client tells the span as a call goes: the attempt under way. */
export type ConnectorCallNote = { attempt: number };

const OPERATION_SEGMENT = /^[A-Za-z][A-Za-z0-9._:-]{0,39}$/;

/** A call's operation when the caller names none: the method and the path's last segment when it is a word (never an id or a token). */
export function operationOf(method: string, url: string): string {
  const last = URL.canParse(url) ? new URL(url).pathname.split("/").filter(Boolean).at(-1) : undefined;
  const word = last && OPERATION_SEGMENT.test(last) && (last.match(/\d/g)?.length ?? 0) <= 3 ? last : null;
  return word ? `${method} ${word}` : method;
}

type CallRequest = { method?: string; url: string; operation?: string };

/** A call to a provider's API, its retries included: provider, operation, host, final status and retries. */
export function traceConnectorCall<T extends { status: number }>(provider: string, request: CallRequest, call: (note: ConnectorCallNote) => Promise<T>): Promise<T> {
  const method = request.method ?? "GET";
  const operation = redactText(request.operation ?? operationOf(method, request.url));
  const host = URL.canParse(request.url) ? new URL(request.url).host : "";
  const note: ConnectorCallNote = { attempt: 1 };
  const startedAt = performance.now();
  const attributes: Attributes = { "signalboard.connector.provider": provider, "signalboard.connector.operation": operation, "http.request.method": method, "server.address": host };
  return withSpan(`connector ${provider} ${operation}`, attributes, async (span) => {
    let status: number | null = null;
    let outcome = "error";
    try {
      const result = await call(note);
      status = result.status;
      outcome = "ok";
      return result;
    } catch (error) {
      const failure = error as { kind?: unknown; status?: unknown };
      status = typeof failure.status === "number" ? failure.status : null;
      outcome = typeof failure.kind === "string" ? failure.kind : "error";
      countConnectorError({ "signalboard.connector.provider": provider, "signalboard.connector.error": outcome });
      throw error;
    } finally {
      if (status !== null) span.setAttribute("http.response.status_code", status);
      span.setAttribute("signalboard.connector.retries", note.attempt - 1);
      span.setAttribute("signalboard.connector.outcome", outcome);
      recordDuration("connector", seconds(startedAt), { "signalboard.connector.provider": provider, "signalboard.connector.outcome": outcome });
    }
  });
}

export type ReportKind = "kpi" | "attribution" | "cohorts" | "funnels";

/** A report query: its kind, workspace and how long it took. */
export function traceReport<T>(kind: ReportKind, workspaceId: string, compute: () => Promise<T>): Promise<T> {
  return withSpan(`report ${kind}`, { "signalboard.report.kind": kind, "signalboard.workspace_id": workspaceId }, (span) =>
    timed(compute, (outcome, elapsed) => {
      span.setAttribute("signalboard.report.duration_ms", Math.round(elapsed * 1000));
      recordDuration("report", elapsed, { "signalboard.report.kind": kind, "signalboard.report.outcome": outcome });
    }),
  );
}
