import { afterEach, describe, expect, it } from "vitest";
import { GET } from "@/app/api/metrics/route";
import { db } from "@/lib/db/client";
import { observeReport, REPORT_DURATION_BUCKETS, resetReportLatency } from "@/lib/observability/report-latency";
import { unique } from "../helpers";

// /api/metrics: off without METRICS_TOKEN, 401 for a wrong token, and Prometheus text whose
// values are the measures of rows built here.

const TOKEN = "metrics-test-token-0123456789";
const scrape = (authorization?: string) =>
  GET(new Request("http://localhost/api/metrics", { headers: authorization ? { authorization } : {} }));

type Sample = { name: string; labels: Record<string, string>; value: number };

/** A strict reader of the text exposition format: every line a comment of HELP/TYPE or a sample. */
function parsePrometheus(text: string): Sample[] {
  const samples: Sample[] = [];
  const typed = new Set<string>();
  for (const line of text.split("\n").filter(Boolean)) {
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (meta) {
      if (meta[1] === "TYPE") {
        expect(["gauge", "counter", "histogram", "summary", "untyped"]).toContain(meta[3]);
        typed.add(meta[2]!);
      }
      continue;
    }
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/.exec(line);
    expect(sample, `not a sample line: ${line}`).not.toBeNull();
    const labels: Record<string, string> = {};
    const rest = (sample![2] ?? "").replace(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)",?/g, (_m, key: string, value: string) => {
      labels[key] = value.replace(/\\"/g, '"').replace(/\\n/g, "\n").replace(/\\\\/g, "\\");
      return "";
    });
    expect(rest, `malformed labels: ${line}`).toBe("");
    // A histogram's samples are its name with _bucket, _sum and _count.
    const family = typed.has(sample![1]!) ? sample![1]! : sample![1]!.replace(/_(bucket|sum|count)$/, "");
    expect(typed.has(family), `sample before its TYPE: ${line}`).toBe(true);
    samples.push({ name: sample![1]!, labels, value: Number(sample![3]) });
  }
  return samples;
}

afterEach(() => {
  delete process.env.METRICS_TOKEN;
});

describe("GET /api/metrics", () => {
  it("does not exist without METRICS_TOKEN, and refuses a missing or wrong token", async () => {
    expect((await scrape(`Bearer ${TOKEN}`)).status).toBe(404);
    process.env.METRICS_TOKEN = TOKEN;
    expect((await scrape()).status).toBe(401);
    expect((await scrape("Bearer wrong")).status).toBe(401);
    expect((await scrape(`Basic ${TOKEN}`)).status).toBe(401);
  });

  it("answers Prometheus text with the job queue and ingest figures of the rows built here", async () => {
    process.env.METRICS_TOKEN = TOKEN;
    const kind = unique("metrics-kind");
    const now = Date.now();
    await db.jobRun.createMany({
      data: [
        { id: unique("r"), kind, payload: {}, status: "queued", queuedAt: new Date(now - 120_000) },
        { id: unique("r"), kind, payload: {}, status: "queued", queuedAt: new Date(now - 1_000) },
        { id: unique("r"), kind, payload: {}, status: "failed", queuedAt: new Date(now - 60_000), finishedAt: new Date(now - 30_000) },
      ],
    });
    const response = await scrape(`Bearer ${TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parsePrometheus(await response.text());
    const value = (name: string, labels: Record<string, string>) =>
      samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
    expect(value("signalboard_job_queue_depth", { kind })).toBe(2);
    expect(value("signalboard_job_failed_24h", { kind })).toBe(1);
    expect(value("signalboard_job_oldest_waiting_seconds", { kind })).toBeGreaterThanOrEqual(120);
    for (const source of ["orders", "ad_rows", "tracked_events"]) {
      expect(value("signalboard_ingest_rows_per_minute", { source }), source).toBeGreaterThanOrEqual(0);
    }
  });

  it("serves the report latency histogram by kind and outcome, and the service-level gauges", async () => {
    process.env.METRICS_TOKEN = TOKEN;
    resetReportLatency();
    await observeReport("cohorts", async () => "done");
    await observeReport("cohorts", async () => "done");
    await expect(observeReport("funnels", async () => Promise.reject(new Error("bad query")))).rejects.toThrow("bad query");
    const samples = parsePrometheus(await (await scrape(`Bearer ${TOKEN}`)).text());
    const of = (name: string, labels: Record<string, string>) => samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

    const cohortBuckets = of("signalboard_report_duration_seconds_bucket", { kind: "cohorts", outcome: "ok" });
    expect(cohortBuckets.map((b) => b.labels.le)).toEqual([...REPORT_DURATION_BUCKETS.map(String), "+Inf"]);
    // Cumulative buckets, ending at the count.
    for (let i = 1; i < cohortBuckets.length; i++) expect(cohortBuckets[i]!.value).toBeGreaterThanOrEqual(cohortBuckets[i - 1]!.value);
    expect(cohortBuckets.at(-1)!.value).toBe(2);
    expect(of("signalboard_report_duration_seconds_count", { kind: "cohorts", outcome: "ok" })[0]?.value).toBe(2);
    expect(of("signalboard_report_duration_seconds_sum", { kind: "cohorts", outcome: "ok" })[0]?.value).toBeGreaterThan(0);
    expect(of("signalboard_report_duration_seconds_count", { kind: "funnels", outcome: "error" })[0]?.value).toBe(1);
    expect(of("signalboard_report_duration_seconds_count", { kind: "funnels", outcome: "ok" })).toEqual([]);

    expect(of("signalboard_slo_objective", { objective: "availability" })[0]?.value).toBe(0.9995);
    expect(of("signalboard_slo_objective", { objective: "freshness_ads" })[0]?.value).toBe(0.99);
    expect(of("signalboard_slo_error_budget_remaining", { objective: "freshness_store" })).toHaveLength(1);
    expect(of("signalboard_slo_burn_rate", { objective: "availability" }).map((s) => s.labels.window).sort()).toEqual(["1h", "30m", "3d", "5m", "6h"]);
  });
});
