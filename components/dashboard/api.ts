import type { TCohortReport } from "@/lib/cohorts/types";
import type { TPipelineReport } from "@/lib/crm/pipeline";
import type { TDashboard, TWidget, TWidgetInput } from "@/lib/dashboards/schema";
import type { TReport } from "@/lib/metrics/report/types";
import type { TReportRequest } from "@/lib/metrics/report/schema";
import type { TDashboardSummary } from "@/lib/dashboards/serialize";
import type { TCampaignOption } from "@/lib/metrics/report/campaigns";
import { reportKey, reportUrl } from "@/lib/dashboards/report-request";

// The browser's side of the dashboards and reports APIs (session cookie auth). Errors carry the
// API's own message, which names the field at fault, so widgets and forms can show it as is.

export type { TDashboardSummary } from "@/lib/dashboards/serialize";
export type LayoutItem = { id: string; x: number; y: number; w: number; h: number };

export class ApiError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
    this.name = "ApiError";
  }
}

async function call<T>(method: string, url: string, body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    credentials: "same-origin",
    headers: body === undefined ? { accept: "application/json" } : { accept: "application/json", "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const message = (json as { error?: { message?: string } } | null)?.error?.message;
    throw new ApiError(message ?? `The request failed (HTTP ${response.status}).`, response.status);
  }
  return json as T;
}

const base = (slug: string) => `/api/v1/workspaces/${encodeURIComponent(slug)}/dashboards`;

export const dashboardKeys = {
  all: (slug: string) => ["dashboards", slug] as const,
  list: (slug: string) => ["dashboards", slug, "list"] as const,
  detail: (slug: string, id: string) => ["dashboards", slug, "detail", id] as const,
};

export const reportKeys = {
  all: (slug: string) => ["reports", slug] as const,
  report: (slug: string, request: TReportRequest) => ["reports", slug, reportKey(request)] as const,
};

export const dashboardsApi = {
  list: async (slug: string) => (await call<{ dashboards: TDashboardSummary[] }>("GET", base(slug))).dashboards,
  get: (slug: string, id: string) => call<TDashboard>("GET", `${base(slug)}/${id}`),
  create: (slug: string, name: string) => call<TDashboard>("POST", base(slug), { name }),
  update: (slug: string, id: string, patch: { name?: string; is_default?: true }) => call<TDashboard>("PATCH", `${base(slug)}/${id}`, patch),
  duplicate: (slug: string, id: string, name?: string) => call<TDashboard>("POST", `${base(slug)}/${id}/duplicate`, name ? { name } : {}),
  remove: (slug: string, id: string) => call<unknown>("DELETE", `${base(slug)}/${id}`),
  addWidget: (slug: string, id: string, widget: TWidgetInput) => call<TWidget>("POST", `${base(slug)}/${id}/widgets`, widget),
  updateWidget: (slug: string, id: string, widgetId: string, patch: Partial<TWidgetInput>) =>
    call<TWidget>("PATCH", `${base(slug)}/${id}/widgets/${widgetId}`, patch),
  removeWidget: (slug: string, id: string, widgetId: string) => call<unknown>("DELETE", `${base(slug)}/${id}/widgets/${widgetId}`),
  saveLayout: (slug: string, id: string, items: LayoutItem[]) => call<unknown>("PUT", `${base(slug)}/${id}/layout`, { items }),
};

export const fetchReport = (slug: string, request: TReportRequest) => call<TReport>("GET", reportUrl(slug, request));

export const campaignKeys = {
  search: (slug: string, q: string, ids: readonly string[]) => ["campaigns", slug, q, ids.join(",")] as const,
};

/** Campaigns whose name holds `q`, plus those with the given ids (to name what a filter holds). */
export function searchCampaigns(slug: string, q: string, ids: readonly string[] = []): Promise<TCampaignOption[]> {
  const params = new URLSearchParams({ q });
  if (ids.length) params.set("ids", ids.join(","));
  return call<{ campaigns: TCampaignOption[] }>("GET", `/api/v1/workspaces/${encodeURIComponent(slug)}/campaigns?${params.toString()}`).then((r) => r.campaigns);
}

export const fetchCohortReport = (slug: string, params: URLSearchParams) =>
  call<TCohortReport>("GET", `/api/v1/workspaces/${encodeURIComponent(slug)}/reports/cohorts?${params.toString()}`);

/** The CRM pipeline report over a range of the workspace's days. */
export const fetchPipelineReport = (slug: string, range: { from: string; to: string }) =>
  call<TPipelineReport>("GET", `/api/v1/workspaces/${encodeURIComponent(slug)}/reports/pipeline?${new URLSearchParams({ date_from: range.from, date_to: range.to }).toString()}`);
