import { db } from "@/lib/db/client";
import { METRICS } from "@/lib/metrics/definitions/registry";
import type { TWidgetConfig, TWidgetLayout, WidgetType } from "./schema";
import { lockDashboards, type Tx } from "./store";

// The dashboards every workspace starts with. They only name registry metrics (never a product
// group's), so they stay valid whatever groups the workspace defines.

export type DefaultWidget = { type: WidgetType; title: string; config: TWidgetConfig; layout: TWidgetLayout };
export type DefaultDashboard = { name: string; isDefault: boolean; widgets: DefaultWidget[] };

const config = (metrics: string[], options: Partial<Omit<TWidgetConfig, "metrics">> = {}): TWidgetConfig => ({
  metrics,
  breakdown: null,
  filters: {},
  sort: null,
  limit: 10,
  ...options,
});

const KPI_METRICS = [
  "total_sales", "orders", "aov", "ad_spend", "mer", "roas",
  "sessions", "conversion_rate", "new_customers", "returning_customers",
];
const KPI_WIDTH = 3;
const KPI_HEIGHT = 2;
const KPIS_PER_ROW = 12 / KPI_WIDTH;
const KPI_ROWS_HEIGHT = Math.ceil(KPI_METRICS.length / KPIS_PER_ROW) * KPI_HEIGHT;

const kpiCards: DefaultWidget[] = KPI_METRICS.map((metric, i) => ({
  type: "kpi",
  title: METRICS.find((m) => m.id === metric)?.label ?? metric,
  config: config([metric]),
  layout: { x: (i % KPIS_PER_ROW) * KPI_WIDTH, y: Math.floor(i / KPIS_PER_ROW) * KPI_HEIGHT, w: KPI_WIDTH, h: KPI_HEIGHT },
}));

const AD_METRICS = ["ad_spend", "ad_revenue", "ad_conversions", "roas", "impressions", "clicks", "ctr", "cpc", "cpm", "cpa"];

export const DEFAULT_DASHBOARDS: readonly DefaultDashboard[] = [
  {
    name: "Overview",
    isDefault: true,
    widgets: [
      ...kpiCards,
      {
        type: "line",
        title: "Daily trend",
        config: config(["total_sales", "ad_spend"], { breakdown: "day" }),
        layout: { x: 0, y: KPI_ROWS_HEIGHT, w: 12, h: 4 },
      },
      {
        type: "bar_list",
        title: "Sales by product group",
        config: config(["net_sales"], { breakdown: "product_group" }),
        layout: { x: 0, y: KPI_ROWS_HEIGHT + 4, w: 6, h: 4 },
      },
      {
        type: "table",
        title: "Spend and ROAS by platform",
        config: config(["ad_spend", "ad_revenue", "roas"], { breakdown: "platform", sort: { metric: "ad_spend", direction: "desc" } }),
        layout: { x: 6, y: KPI_ROWS_HEIGHT + 4, w: 6, h: 4 },
      },
    ],
  },
  {
    name: "Ads",
    isDefault: false,
    widgets: [
      {
        type: "table",
        title: "Platforms",
        config: config(AD_METRICS, { breakdown: "platform", sort: { metric: "ad_spend", direction: "desc" } }),
        layout: { x: 0, y: 0, w: 12, h: 4 },
      },
      {
        type: "line",
        title: "Spend by day",
        config: config(["ad_spend", "ad_revenue"], { breakdown: "day" }),
        layout: { x: 0, y: 4, w: 8, h: 4 },
      },
      {
        type: "bar",
        title: "Spend by platform",
        config: config(["ad_spend"], { breakdown: "platform" }),
        layout: { x: 8, y: 4, w: 4, h: 4 },
      },
      {
        type: "table",
        title: "Campaigns",
        config: config(AD_METRICS, { breakdown: "campaign", sort: { metric: "ad_spend", direction: "desc" }, limit: 50 }),
        layout: { x: 0, y: 8, w: 12, h: 6 },
      },
      {
        type: "table",
        title: "By day",
        // A year of days, so the usual ranges show every day rather than the first ten.
        config: config(["ad_spend", "clicks", "cpm", "cpc", "cpa", "ad_revenue", "ad_conversions", "roas"], { breakdown: "day", limit: 366 }),
        layout: { x: 0, y: 14, w: 12, h: 6 },
      },
    ],
  },
];

/**
 * Creates the default dashboards when the workspace has none; a no-op otherwise, however many
 * callers race. Runs inside `tx` when given (a workspace being created), else in its own transaction.
 */
export async function ensureDefaultDashboards(workspaceId: string, tx?: Tx): Promise<void> {
  if (tx) return createDefaultsIfNone(tx, workspaceId);
  await db.$transaction((t) => createDefaultsIfNone(t, workspaceId));
}

async function createDefaultsIfNone(tx: Tx, workspaceId: string): Promise<void> {
  await lockDashboards(tx, workspaceId);
  if ((await tx.dashboard.count({ where: { workspaceId } })) > 0) return;
  for (const [position, dashboard] of DEFAULT_DASHBOARDS.entries()) {
    const created = await tx.dashboard.create({
      data: { workspaceId, name: dashboard.name, isDefault: dashboard.isDefault, position },
      select: { id: true },
    });
    await tx.dashboardWidget.createMany({
      data: dashboard.widgets.map((widget) => ({
        workspaceId,
        dashboardId: created.id,
        type: widget.type,
        title: widget.title,
        config: widget.config,
        ...widget.layout,
      })),
    });
  }
}
