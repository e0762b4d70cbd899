import { context, metrics, propagation, SpanStatusCode, trace } from "@opentelemetry/api";
import { MeterProvider, MetricReader, type DataPoint, type Histogram } from "@opentelemetry/sdk-metrics";
import { node } from "@opentelemetry/sdk-node";
import { InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { InngestTestEngine } from "@inngest/test";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { GET as kpiReport } from "@/app/api/v1/workspaces/[slug]/reports/kpi/route";
import { fromJob } from "@/inngest/from-job";
import { inRequestContext } from "@/lib/api/workspace-route";
import { createApiKey } from "@/lib/api-keys/service";
import { parseAttributionQuery, runAttributionReport } from "@/lib/attribution/report";
import { requestJson } from "@/lib/connectors/common/http";
import { defineJob } from "@/lib/jobs/define";
import { PermanentJobError } from "@/lib/jobs/errors";
import { runLocalJob } from "@/lib/jobs/local";
import { captureLogs, logger } from "@/lib/log";
import { RedactingSpanExporter } from "@/lib/observability/otel-redact";
import { withSpan } from "@/lib/observability/spans";
import { seedUser, seedWorkspace } from "@/lib/seed/factories";
import { unique, uniqueEmail } from "../helpers";

// The spans and measures a collector would receive, read from an in-memory exporter and a metric
// reader registered here in place of the OTLP ones.

const spans = new InMemorySpanExporter();
class Collected extends MetricReader {
  protected async onForceFlush() {}
  protected async onShutdown() {}
}
const reader = new Collected();
const server = setupServer();

beforeAll(() => {
  new node.NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }).register();
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  server.listen({ onUnhandledRequest: "bypass" });
});
afterAll(() => {
  server.close();
  trace.disable();
  context.disable();
  propagation.disable();
  metrics.disable();
});
beforeEach(() => spans.reset());

const named = (name: string) => spans.getFinishedSpans().filter((span) => span.name === name);
const only = (name: string): ReadableSpan => {
  const found = named(name);
  expect(found.map((s) => s.name), `spans named ${name} among ${spans.getFinishedSpans().map((s) => s.name).join(", ")}`).toHaveLength(1);
  return found[0]!;
};
/** Every string a collector would be sent about these spans: names, attributes, events, statuses. */
const everything = () => JSON.stringify(spans.getFinishedSpans().map((s) => [s.name, s.attributes, s.events, s.status]));

async function histogramPoints(name: string): Promise<DataPoint<Histogram>[]> {
  const { resourceMetrics } = await reader.collect();
  const metric = resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((m) => m.descriptor.name === name);
  return (metric?.dataPoints ?? []) as DataPoint<Histogram>[];
}

describe("spans", () => {
  it("an API request: route, method, status and workspace, with the report it ran as a child; no key, query string or email", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id, { timeZone: "UTC", currency: "USD" });
    const { key } = await createApiKey(workspace.id, { userId: owner.id, role: "owner" }, { name: "spans", role: "viewer" });
    const email = uniqueEmail("asker");
    const url = `http://localhost/api/v1/workspaces/${workspace.slug}/reports/kpi?date_from=2026-01-01&date_to=2026-01-02&metrics=orders&campaign=query-secret-1&discount_code=${encodeURIComponent(email)}`;
    const response = await kpiReport(new NextRequest(url, { headers: { authorization: `Bearer ${key}`, "x-request-id": "req-spans-1" } }), {
      params: Promise.resolve({ slug: workspace.slug }),
    });
    const status = response.status;

    expect(status).toBe(200);
    const request = only("GET /api/v1/workspaces/{slug}/reports/kpi");
    expect(request.attributes).toMatchObject({
      "http.request.method": "GET",
      "http.route": "/api/v1/workspaces/{slug}/reports/kpi",
      "http.response.status_code": status,
      "signalboard.workspace_id": workspace.id,
      "signalboard.request_id": "req-spans-1",
    });
    const report = only("report kpi");
    expect(report.parentSpanContext?.spanId).toBe(request.spanContext().spanId);
    expect(report.attributes).toMatchObject({ "signalboard.report.kind": "kpi", "signalboard.workspace_id": workspace.id });
    expect(report.attributes["signalboard.report.duration_ms"]).toEqual(expect.any(Number));
    const sent = everything();
    for (const secret of [key, "query-secret-1", email, "discount_code", "?"]) expect(sent).not.toContain(secret);

    const points = await histogramPoints("signalboard.api.request.duration");
    expect(points.some((p) => p.attributes["http.route"] === "/api/v1/workspaces/{slug}/reports/kpi" && p.value.count >= 1)).toBe(true);
  });

  it("a caller's error leaves the request span unset; a server error marks it failed", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id);
    const { key } = await createApiKey(workspace.id, { userId: owner.id, role: "owner" }, { name: "spans", role: "viewer" });
    // Another workspace's slug: a 404, the caller's mistake.
    const other = await seedWorkspace((await seedUser()).id);
    const response = await kpiReport(new NextRequest(`http://localhost/api/v1/workspaces/${other.slug}/reports/kpi`, { headers: { authorization: `Bearer ${key}` } }), {
      params: Promise.resolve({ slug: other.slug }),
    });
    expect(response.status).toBe(404);
    const refused = only("GET /api/v1/workspaces/{slug}/reports/kpi");
    expect(refused.attributes["http.response.status_code"]).toBe(404);
    expect(refused.status.code).toBe(SpanStatusCode.UNSET);

    spans.reset();
    const request = new NextRequest("http://localhost/api/v1/workspaces/acme/connections/cmxbxm4xp000pm57dtgy5c7ff/sync", { method: "POST" });
    expect((await inRequestContext(request, async () => new Response(null, { status: 503 }))).status).toBe(503);
    await expect(inRequestContext(request, async () => Promise.reject(new Error("lost the database")))).rejects.toThrow("lost the database");
    const [unavailable, thrown] = named("POST /api/v1/workspaces/{slug}/connections/{id}/sync");
    expect(unavailable!.attributes["http.response.status_code"]).toBe(503);
    expect(unavailable!.status.code).toBe(SpanStatusCode.ERROR);
    expect(thrown!.status).toMatchObject({ code: SpanStatusCode.ERROR, message: "lost the database" });
  });

  it("a report query outside a request has its own span with its kind, workspace and duration", async () => {
    const owner = await seedUser();
    const workspace = await seedWorkspace(owner.id, { timeZone: "UTC", currency: "USD" });
    await runAttributionReport(workspace.id, parseAttributionQuery(new URLSearchParams("date_from=2026-01-01&date_to=2026-01-07")));
    const span = only("report attribution");
    expect(span.attributes).toMatchObject({ "signalboard.report.kind": "attribution", "signalboard.workspace_id": workspace.id });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    const points = await histogramPoints("signalboard.report.duration");
    expect(points.some((p) => p.attributes["signalboard.report.kind"] === "attribution" && p.attributes["signalboard.report.outcome"] === "ok")).toBe(true);
  });

  it("log lines written under a span carry its trace and span ids", async () => {
    const capture = captureLogs();
    let ids: { traceId: string; spanId: string } | null = null;
    try {
      await withSpan("logging", {}, async (span) => {
        ids = span.spanContext();
        logger("spans-test").info("inside a span");
      });
      logger("spans-test").info("outside any span");
    } finally {
      capture.stop();
    }
    const [inside, outside] = capture.lines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(inside).toMatchObject({ msg: "inside a span", trace_id: ids!.traceId, span_id: ids!.spanId });
    expect(outside!.trace_id).toBeUndefined();
  });
});

type Payload = { workspaceId: string; name: string };

/** A job that works in a step, failing there or (`outside`) before it. */
function spanJob(fail: boolean, outside = false) {
  return defineJob<Payload>({
    id: unique("span-job"),
    event: "test/span-job",
    schema: z.object({ workspaceId: z.string(), name: z.string() }),
    retries: 0,
    handler: async () => ({
      async run(payload, ctx) {
        if (fail && outside) throw new PermanentJobError(`${payload.name} cannot start`);
        await ctx.step("work", async () => {
          if (fail) throw new PermanentJobError(`${payload.name} cannot work for ${payload.name}@example.test`);
        });
      },
    }),
  });
}

describe("job spans", () => {
  it("in process: a run's kind, workspace, attempt and outcome; a failed run is an error with its (redacted) message", async () => {
    const workspaceId = unique("ws");
    const good = spanJob(false);
    const bad = spanJob(true);
    expect(await runLocalJob(good, { workspaceId, name: "fine" })).toBe("done");
    expect(await runLocalJob(bad, { workspaceId, name: "broken" })).toBe("failed");

    const done = only(`job ${good.id}`);
    expect(done.attributes).toMatchObject({ "signalboard.job.kind": good.id, "signalboard.job.backend": "local", "signalboard.job.attempt": 1, "signalboard.job.outcome": "done", "signalboard.workspace_id": workspaceId });
    expect(done.attributes["signalboard.job.id"]).toMatch(new RegExp(`^${good.id}:`));
    expect(done.status.code).toBe(SpanStatusCode.UNSET);

    const failed = only(`job ${bad.id}`);
    expect(failed.attributes["signalboard.job.outcome"]).toBe("failed");
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed.events.map((e) => e.attributes?.["exception.message"])).toEqual(["broken cannot work for [email]"]);

    const points = await histogramPoints("signalboard.job.duration");
    expect(points.some((p) => p.attributes["signalboard.job.kind"] === bad.id && p.attributes["signalboard.job.outcome"] === "failed")).toBe(true);
  });

  it("under Inngest: the same span for an invocation that runs to its end, failed when the handler throws", async () => {
    const workspaceId = unique("ws");
    const good = spanJob(false);
    // Inngest stops an invocation at a failed step and hands the error to the next one; a failure
    // outside a step ends this one.
    const bad = spanJob(true, true);
    await new InngestTestEngine({ function: fromJob(good) }).execute({ events: [{ name: "test/span-job", data: { workspaceId, name: "fine" } }] });
    const { error } = await new InngestTestEngine({ function: fromJob(bad) }).execute({ events: [{ name: "test/span-job", data: { workspaceId, name: "broken" } }] });
    expect(error).toBeDefined();

    expect(only(`job ${good.id}`).attributes).toMatchObject({ "signalboard.job.backend": "inngest", "signalboard.job.outcome": "done", "signalboard.workspace_id": workspaceId });
    const failed = named(`job ${bad.id}`);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((s) => s.attributes["signalboard.job.outcome"] === "failed" && s.status.code === SpanStatusCode.ERROR)).toBe(true);
  });
});

describe("connector call spans", () => {
  const API = "https://api.span-provider.test/v2/accounts/12345/orders";
  const sleep = async () => {};

  it("counts retries and names provider, operation, host and final status, never the query string or headers", async () => {
    let calls = 0;
    server.use(http.get(API, () => (++calls < 3 ? HttpResponse.json({ error: "busy" }, { status: 503 }) : HttpResponse.json({ orders: [] }))));
    const answer = await requestJson({ url: `${API}?access_token=query-secret-2&since=2026-01-01`, headers: { authorization: "Bearer header-secret-3" } }, { provider: "span_provider", sleep });
    expect(answer.status).toBe(200);

    const span = only("connector span_provider GET orders");
    expect(span.attributes).toMatchObject({
      "signalboard.connector.provider": "span_provider",
      "signalboard.connector.operation": "GET orders",
      "server.address": "api.span-provider.test",
      "http.response.status_code": 200,
      "signalboard.connector.retries": 2,
      "signalboard.connector.outcome": "ok",
    });
    const sent = everything();
    for (const secret of ["query-secret-2", "header-secret-3", "access_token", "12345"]) expect(sent).not.toContain(secret);
  });

  it("a refused call is an error span with the connector's error kind, counted as an error", async () => {
    server.use(http.post(API, () => HttpResponse.json({ error: "no" }, { status: 401 })));
    await expect(requestJson({ method: "POST", url: API, body: { a: 1 }, operation: "create order" }, { provider: "span_provider", sleep })).rejects.toMatchObject({ kind: "auth" });
    const span = only("connector span_provider create order");
    expect(span.attributes).toMatchObject({ "http.response.status_code": 401, "signalboard.connector.retries": 0, "signalboard.connector.outcome": "auth" });
    expect(span.status.code).toBe(SpanStatusCode.ERROR);

    const { resourceMetrics } = await reader.collect();
    const errors = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).find((m) => m.descriptor.name === "signalboard.connector.call.errors");
    expect(errors?.dataPoints.some((p) => p.attributes["signalboard.connector.error"] === "auth" && (p.value as number) >= 1)).toBe(true);
  });
});

describe("what leaves for the collector", () => {
  it("is scrubbed: Next.js's raw request targets lose their query and token paths, strings lose secrets and emails", async () => {
    const email = uniqueEmail("visitor");
    const span = trace.getTracer("next.js").startSpan("GET /api/sink/[token]?key=raw-secret-4", {
      attributes: {
        "http.target": "/api/sink/sink-token-5/slack?access_token=raw-secret-6",
        "url.query": "access_token=raw-secret-7",
        "http.url": "https://app.example.test/invite/invite-token-8#frag",
        "next.route": "/api/sink/[token]/[channel]",
        "user.email": email,
        "note": `mailed ${email} with Bearer raw-secret-9`,
        "counts": [1, 2],
      },
    });
    span.recordException(new Error(`failed for ${email}`));
    span.setStatus({ code: SpanStatusCode.ERROR, message: `lost ${email}` });
    span.end();

    const collector = new InMemorySpanExporter();
    const exported = await new Promise((resolve) => new RedactingSpanExporter(collector).export(spans.getFinishedSpans(), resolve));
    expect(exported).toMatchObject({ code: 0 });
    const [sent] = collector.getFinishedSpans();
    expect(sent!.attributes).toEqual({
      "http.target": "/api/sink/[token]/slack",
      "http.url": "https://app.example.test/invite/[token]",
      "next.route": "/api/sink/[token]/[channel]",
      "user.email": "[redacted]",
      note: "mailed [email] with Bearer [redacted]",
      counts: [1, 2],
    });
    expect(sent!.name).toBe("GET /api/sink/[token]");
    expect(sent!.spanContext().traceId).toBe(span.spanContext().traceId);
    expect(sent!.status.message).toBe("lost [email]");
    const text = JSON.stringify([sent!.name, sent!.attributes, sent!.events, sent!.status]);
    for (const secret of ["raw-secret", "sink-token-5", "invite-token-8", email]) expect(text).not.toContain(secret);
    // The span the other processors hold is left as it was.
    expect(spans.getFinishedSpans()[0]!.attributes["user.email"]).toBe(email);
  });
});
