"use client";

import { useQuery } from "@tanstack/react-query";
import type { TSavedFunnel } from "@/lib/funnels/service";
import type { FunnelReport } from "@/lib/funnels/types";
import { FunnelBars } from "./funnel-bars";
import { WidgetError, WidgetLoading } from "@/components/dashboard/widget-states";

// A saved funnel on a dashboard, over the dashboard's range; a deleted funnel says so.

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { credentials: "same-origin", headers: { accept: "application/json" } });
  const body = (await response.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
  if (!response.ok) {
    throw new Error(response.status === 404 ? "This funnel was deleted. Edit the widget to pick another one." : (body?.error?.message ?? `The request failed (HTTP ${response.status}).`));
  }
  return body as T;
}

const workspaceApi = (slug: string) => `/api/v1/workspaces/${encodeURIComponent(slug)}`;

export function funnelWidgetUrl(slug: string, funnelId: string, range: { from: string; to: string }, format: "json" | "csv" = "json"): string {
  const params = new URLSearchParams({ funnel_id: funnelId, date_from: range.from, date_to: range.to });
  if (format === "csv") params.set("format", "csv");
  return `${workspaceApi(slug)}/reports/funnels?${params.toString()}`;
}

export function FunnelWidgetBody({ slug, funnelId, range }: { slug: string; funnelId: string; range: { from: string; to: string } }) {
  const url = funnelWidgetUrl(slug, funnelId, range);
  const query = useQuery({ queryKey: ["funnel-report", url], queryFn: () => getJson<FunnelReport>(url) });
  if (query.isError) {
    return <WidgetError message={query.error.message} />;
  }
  if (!query.data) return <WidgetLoading />;
  return (
    <div className="h-full overflow-auto" data-testid="funnel-widget">
      <FunnelBars report={query.data} compact />
    </div>
  );
}

/** The workspace's saved funnels, for picking one in the widget editor. */
export function useSavedFunnels(slug: string, enabled: boolean) {
  return useQuery({
    queryKey: ["saved-funnels", slug],
    queryFn: () => getJson<{ funnels: TSavedFunnel[] }>(`${workspaceApi(slug)}/funnels`).then((r) => r.funnels),
    enabled,
    staleTime: 30_000,
  });
}
