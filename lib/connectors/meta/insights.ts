import type { DayWindow } from "../contracts/ad-source";
import { ConnectorError } from "../common/errors";
import type { GraphClient } from "./client";
import { adAccountPath } from "./config";
import { objectAt, wireReader } from "./values";

// Insights per day at one level (campaign, ad set or ad). A short window is read directly (GET
// /act_{id}/insights); a longer one (a backfill slice) runs as an async report (POST, then poll the report run, then read its
// rows), which Meta recommends for large reads and which is not cut short by the request timeout.

const METRIC_FIELDS = ["account_currency", "spend", "impressions", "clicks", "actions", "action_values"] as const;

/** The levels read: campaign totals, ad sets (our ad groups) and ads. */
export type InsightLevel = "campaign" | "adset" | "ad";

// Each level names its own object and the ones above it, so a row can be placed without a lookup.
export const LEVEL_FIELDS: Record<InsightLevel, readonly string[]> = {
  campaign: ["campaign_id", "campaign_name", ...METRIC_FIELDS],
  adset: ["campaign_id", "adset_id", "adset_name", ...METRIC_FIELDS],
  ad: ["campaign_id", "adset_id", "ad_id", "ad_name", ...METRIC_FIELDS],
};

export const INSIGHT_FIELDS = LEVEL_FIELDS.campaign;

/** Meta's default attribution for ads created today; what Ads Manager shows unless changed. */
export const DEFAULT_ATTRIBUTION_WINDOWS = ["7d_click", "1d_view"] as const;
// 7d_view, 28d_view and 28d_click were withdrawn from the Insights API in January 2024.
export const ATTRIBUTION_WINDOWS = ["1d_click", "7d_click", "1d_view", "1d_ev"] as const;

const read = wireReader("meta_ads", "Meta");

export type ReportRunOptions = {
  /** Windows longer than this many days use an async report run (default 7). */
  asyncAfterDays?: number;
  /** First wait between polls (default 2 s), doubling up to maxPollIntervalMs. */
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
  /** Total time a report run may take before the fetch gives up (default 10 minutes). */
  maxReportWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  signal?: AbortSignal;
};

/** The connection's attributionWindow setting (one window or a list), or Meta's default. */
export function attributionWindows(settings: Record<string, unknown>): string[] {
  const setting = settings.attributionWindow;
  if (setting === undefined || setting === null) return [...DEFAULT_ATTRIBUTION_WINDOWS];
  const list = typeof setting === "string" ? [setting] : setting;
  const allowed: readonly string[] = ATTRIBUTION_WINDOWS;
  if (!Array.isArray(list) || list.length === 0 || !list.every((w) => typeof w === "string" && allowed.includes(w))) {
    throw new ConnectorError(
      "bad_request",
      "meta_ads",
      `The attributionWindow setting must be one or more of ${ATTRIBUTION_WINDOWS.join(", ")} (got ${JSON.stringify(setting)}).`,
      { providerCode: "attributionWindow" },
    );
  }
  return [...new Set(list as string[])];
}

export function insightParams(window: DayWindow, windows: string[], level: InsightLevel = "campaign"): Record<string, string> {
  return {
    level,
    time_increment: "1",
    time_range: JSON.stringify({ since: window.fromDay, until: window.toDay }),
    fields: LEVEL_FIELDS[level].join(","),
    action_attribution_windows: JSON.stringify(windows),
    limit: "500",
  };
}

export function windowDays(window: DayWindow): number {
  return Math.round((Date.parse(`${window.toDay}T00:00:00Z`) - Date.parse(`${window.fromDay}T00:00:00Z`)) / 86_400_000) + 1;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function cancelled(): ConnectorError {
  return new ConnectorError("transient", "meta_ads", "The Meta report was cancelled before it finished.");
}

async function waitForReportRun(client: GraphClient, runId: string, options: ReportRunOptions): Promise<void> {
  const sleep = options.sleep ?? defaultSleep;
  const limit = options.maxReportWaitMs ?? 10 * 60_000;
  const maxInterval = options.maxPollIntervalMs ?? 15_000;
  let interval = options.pollIntervalMs ?? 2_000;
  let waited = 0;
  for (;;) {
    if (options.signal?.aborted) throw cancelled();
    const run = objectAt(read, await client.get(runId), "the report run");
    const status = read.text(run.async_status, "async_status");
    const percent = run.async_percent_completion === undefined ? 0 : Number(run.async_percent_completion);
    if (status === "Job Completed" && percent >= 100) return;
    if (status === "Job Failed" || status === "Job Skipped") {
      throw new ConnectorError(
        "transient",
        "meta_ads",
        `Meta's report run ${runId} ended with "${status}" at ${Number.isFinite(percent) ? percent : 0} %. Meta gives no reason; the window will be requested again.`,
        { providerCode: status },
      );
    }
    if (waited >= limit) {
      throw new ConnectorError("transient", "meta_ads", `Meta's report run ${runId} did not finish within ${Math.round(limit / 60_000)} min (last status "${status}", ${percent} %).`, {
        providerCode: "report_timeout",
      });
    }
    await sleep(interval);
    waited += interval;
    interval = Math.min(maxInterval, interval * 2);
  }
}

/** Every insights row of the account for the window, directly or through an async report run. */
export async function fetchInsightRows(
  client: GraphClient,
  accountId: string,
  window: DayWindow,
  windows: string[],
  options: ReportRunOptions = {},
  level: InsightLevel = "campaign",
): Promise<unknown[]> {
  const edge = `${adAccountPath(accountId)}/insights`;
  const params = insightParams(window, windows, level);
  if (windowDays(window) <= (options.asyncAfterDays ?? 7)) return client.getAll(edge, params);

  const started = objectAt(read, await client.post(edge, params), "the report run answer");
  const runId = read.text(started.report_run_id, "report_run_id");
  await waitForReportRun(client, runId, options);
  if (options.signal?.aborted) throw cancelled();
  return client.getAll(`${runId}/insights`, { limit: "500" });
}
