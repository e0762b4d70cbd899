"use client";

import { useRouter, useSearchParams } from "next/navigation";
import { formatMetric } from "@/components/dashboard/format";
import type { TCohortReport } from "@/lib/cohorts/types";
import { useEmbeddedHref } from "./links";
import { PBanner, PSection, PTable } from "./polaris";
import { EmbeddedFailure, WithSession } from "./session";
import { EmbeddedPage } from "./shell";
import { useEmbedded } from "./use-embedded";

// The workspace's cohorts inside the admin: customers grouped by when they first ordered, and
// what each group did in the periods after (retention, LTV, ...). The choice is in the URL.

const PERIODS = [
  { id: "month", label: "Monthly" },
  { id: "week", label: "Weekly" },
  { id: "quarter", label: "Quarterly" },
] as const;
const METRICS = [
  { id: "retention", label: "Retention" },
  { id: "ltv", label: "LTV (net sales per customer, cumulative)" },
  { id: "repeat_rate", label: "Repeat rate" },
  { id: "orders_per_customer", label: "Orders per customer" },
  { id: "aov", label: "Average order value" },
] as const;
/** Offsets shown: a year of months, which also fits weeks and quarters well enough on a phone. */
const MAX_OFFSETS = 12;

function CohortsBody() {
  const params = useSearchParams();
  const router = useRouter();
  const href = useEmbeddedHref();
  const period = params.get("period") ?? "month";
  const metric = params.get("metric") ?? "retention";
  const answer = useEmbedded<TCohortReport>(`/api/embedded/cohorts?${new URLSearchParams({ period, metric }).toString()}`);
  const report = answer.data;
  const go = (next: { period?: string; metric?: string }) => router.replace(href("/embedded/cohorts", { period: next.period ?? period, metric: next.metric ?? metric }), { scroll: false });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <label className="embedded-field">
          <span>Cohorts</span>
          <select value={period} onChange={(e) => go({ period: e.target.value })} data-testid="embedded-cohort-period">
            {PERIODS.map((p) => (
              <option key={p.id} value={p.id}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        <label className="embedded-field">
          <span>Metric</span>
          <select value={metric} onChange={(e) => go({ metric: e.target.value })} data-testid="embedded-cohort-metric">
            {METRICS.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div aria-busy={answer.loading} aria-live="polite">
        {answer.error && !report ? <EmbeddedFailure message={answer.error} /> : report ? <CohortResult report={report} /> : <div className="embedded-card embedded-placeholder h-64" aria-hidden />}
      </div>
    </div>
  );
}

function CohortResult({ report }: { report: TCohortReport }) {
  const info = report.metrics.find((m) => m.id === report.metric);
  if (report.rows.length === 0) {
    return (
      <PBanner heading="No cohorts yet" testId="embedded-cohorts-empty">
        Cohorts appear once the store&apos;s orders are in: each customer joins the cohort of their first order.
      </PBanner>
    );
  }
  const offsets = Math.min(report.max_offset + 1, MAX_OFFSETS);
  const columns = [{ label: "Cohort" }, { label: "Customers", numeric: true }, ...Array.from({ length: offsets }, (_, k) => ({ label: `${report.period === "week" ? "Week" : report.period === "quarter" ? "Quarter" : "Month"} ${k}`, numeric: true }))];
  const shown = (value: string | number | null | undefined) => formatMetric(value ?? null, info?.format ?? "count", report.currency);
  const rows = [...report.rows, ...(report.total ? [report.total] : [])].map((row, index) => ({
    key: index === report.rows.length ? "__total" : row.key,
    cells: [
      index === report.rows.length ? "All cohorts" : row.label,
      row.customers.toLocaleString("en"),
      ...Array.from({ length: offsets }, (_, k) => {
        const cell = row.cells.find((c) => c.offset === k);
        return cell ? `${shown(cell.value)}${cell.complete ? "" : "*"}` : "";
      }),
    ],
  }));
  return (
    <PSection heading={`${info?.label ?? "Cohorts"} by ${report.period} of first order`} testId="embedded-cohorts">
      <p className="mb-2 text-sm text-[#616161]">
        {report.date_from} to {report.date_to}, in {report.currency}. * the period is still under way.
      </p>
      <PTable caption="Cohort table" columns={columns} rows={rows} testId="embedded-cohort-table" />
      {report.warnings.map((warning) => (
        <p key={warning} className="mt-2 text-sm text-[#616161]">
          {warning}
        </p>
      ))}
    </PSection>
  );
}

export function EmbeddedCohortsView() {
  return (
    <EmbeddedPage title="Cohorts">
      <WithSession placeholder={<div className="embedded-card embedded-placeholder h-64" aria-hidden />}>{() => <CohortsBody />}</WithSession>
    </EmbeddedPage>
  );
}
