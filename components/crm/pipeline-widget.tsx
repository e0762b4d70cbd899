"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { fetchPipelineReport } from "@/components/dashboard/api";
import { PipelineFigures, PipelineFunnel } from "./pipeline-view";
import { WidgetError, WidgetLoading } from "@/components/dashboard/widget-states";

// The CRM pipeline on a dashboard, over the dashboard's range: the main figures and the first
// pipeline's funnel; the CRM page has the rest.

export function PipelineWidgetBody({ slug, range }: { slug: string; range: { from: string; to: string } }) {
  const query = useQuery({ queryKey: ["pipeline-report", slug, range.from, range.to], queryFn: () => fetchPipelineReport(slug, range) });
  if (query.isError) {
    return <WidgetError message={query.error.message} />;
  }
  const report = query.data;
  if (!report) return <WidgetLoading />;
  if (!report.connected) {
    return (
      <p className="text-sm text-slate-600">
        No CRM connected.{" "}
        <Link href={`/w/${slug}/connections`} className="text-brand-700 hover:underline">
          Connect one
        </Link>{" "}
        to see its pipeline.
      </p>
    );
  }
  const first = report.pipelines[0];
  return (
    <div className="h-full space-y-3 overflow-auto" data-testid="pipeline-widget">
      <PipelineFigures report={report} compact />
      {first ? <PipelineFunnel pipeline={first} showCrm={false} /> : null}
      <Link href={`/w/${slug}/crm?date_from=${report.range.date_from}&date_to=${report.range.date_to}`} className="text-xs text-brand-700 hover:underline">
        The whole pipeline and its deals
      </Link>
    </div>
  );
}
