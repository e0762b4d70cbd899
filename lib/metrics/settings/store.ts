import { z } from "zod";
import { db } from "@/lib/db/client";
import { parseInput } from "@/lib/validation";

// Workspace switches that shape every sales metric, and which sessions count. A workspace without a row gets the defaults,
// which match PRODUCT.md: "Shipping Fee" lines excluded by title, returns on the refund's date.

export const ZLineItemMatcherSchema = z.object({
  field: z.enum(["title", "sku"]),
  value: z.string().trim().min(1, "Enter a title or SKU.").max(255),
});
export type TLineItemMatcher = z.infer<typeof ZLineItemMatcherSchema>;

export const SESSIONS_SOURCES = ["ga4", "tracking"] as const;
export type SessionsSource = (typeof SESSIONS_SOURCES)[number];

export const ZMetricSettingsSchema = z.object({
  excludedLineItems: z.array(ZLineItemMatcherSchema).max(100),
  revenueBasis: z.enum(["order_date", "transaction_date"]),
  /** What reports count as sessions; null: GA4 for the days GA4 reported, tracking for the others. */
  sessionsSource: z.enum(SESSIONS_SOURCES).nullable().default(null),
  /** Whether won CRM deals count in total sales and MER; false: shown apart (offline and total revenue). */
  offlineRevenueInSales: z.boolean().default(false),
});
export type TMetricSettings = z.infer<typeof ZMetricSettingsSchema>;

export const DEFAULT_METRIC_SETTINGS: TMetricSettings = {
  excludedLineItems: [{ field: "title", value: "Shipping Fee" }],
  revenueBasis: "transaction_date",
  sessionsSource: null,
  offlineRevenueInSales: false,
};

export async function getMetricSettings(workspaceId: string): Promise<TMetricSettings> {
  const row = await db.metricSettings.findUnique({ where: { workspaceId } });
  if (!row) return DEFAULT_METRIC_SETTINGS;
  const excluded = z.array(ZLineItemMatcherSchema).safeParse(row.excludedLineItems);
  return {
    excludedLineItems: excluded.success ? excluded.data : DEFAULT_METRIC_SETTINGS.excludedLineItems,
    revenueBasis: row.revenueBasis,
    sessionsSource: row.sessionsSource,
    offlineRevenueInSales: row.offlineRevenueInSales,
  };
}

/**
 * Saves the settings. They change what past days mean, so past rollups must be rebuilt:
 * updateMetricSettings (lib/metrics/settings/change.ts) saves and queues that rebuild.
 */
export async function saveMetricSettings(workspaceId: string, input: unknown): Promise<TMetricSettings> {
  const settings = parseInput(ZMetricSettingsSchema, input);
  await db.metricSettings.upsert({
    where: { workspaceId },
    create: { workspaceId, ...settings },
    update: settings,
  });
  return settings;
}

/**
 * What "automatic" means for this workspace at the moment, for the settings page: GA4 once it has
 * reported any day (or a GA4 connection is live), else tracking. The traffic rollup
 * (lib/metrics/rollups/rollup.ts) decides day by day: GA4 for the days GA4 reported.
 */
export async function effectiveSessionsSource(workspaceId: string): Promise<SessionsSource> {
  const settings = await getMetricSettings(workspaceId);
  if (settings.sessionsSource) return settings.sessionsSource;
  const [ga4Connections, ga4Days] = await Promise.all([
    db.connection.count({ where: { workspaceId, provider: "google_analytics", status: { not: "disconnected" } } }),
    db.trafficDaily.count({ where: { workspaceId }, take: 1 }),
  ]);
  return ga4Connections > 0 || ga4Days > 0 ? "ga4" : "tracking";
}
