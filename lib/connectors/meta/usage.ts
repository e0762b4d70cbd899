// Meta reports how much of each rate-limit budget a call used, in response headers, as JSON
// percentages. Waiting once usage climbs past 75 % keeps a long backfill from tripping the limit,
// which would lock the ad account out for many minutes. Headers read:
//   X-App-Usage                 {"call_count":28,"total_time":25,"total_cputime":25}
//   X-Ad-Account-Usage          {"acc_id_util_pct":9.67,"reset_time_duration":0}
//   X-Business-Use-Case-Usage   {"<id>":[{"type":"ads_insights","call_count":98,"total_cputime":20,
//                                "total_time":30,"estimated_time_to_regain_access":12}]}
//   X-FB-Ads-Insights-Throttle  {"app_id_util_pct":100,"acc_id_util_pct":10}

export type GraphUsage = {
  /** The highest percentage of any budget. */
  percent: number;
  /** Meta's own estimate of when a throttled budget is back (estimated_time_to_regain_access, or reset_time_duration). */
  regainMs: number;
};

export const USAGE_SLOWDOWN_PERCENT = 75;
const MIN_PAUSE_MS = 5_000;
const MAX_PAUSE_MS = 60_000;

function parse(header: string | null): unknown {
  if (!header) return null;
  try {
    return JSON.parse(header);
  } catch {
    return null;
  }
}

const num = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) ? value : typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : 0);

function objects(value: unknown): Record<string, unknown>[] {
  if (!value || typeof value !== "object") return [];
  if (Array.isArray(value)) return value.flatMap(objects);
  return [value as Record<string, unknown>];
}

export function readUsage(headers: Headers): GraphUsage {
  let percent = 0;
  let regainMinutes = 0;
  let resetSeconds = 0;
  const app = objects(parse(headers.get("x-app-usage")));
  const adAccount = objects(parse(headers.get("x-ad-account-usage")));
  const insights = objects(parse(headers.get("x-fb-ads-insights-throttle")));
  const businessHeader = parse(headers.get("x-business-use-case-usage"));
  const business = businessHeader && typeof businessHeader === "object" ? Object.values(businessHeader).flatMap(objects) : [];

  for (const entry of [...app, ...business]) {
    percent = Math.max(percent, num(entry.call_count), num(entry.total_cputime), num(entry.total_time));
  }
  for (const entry of business) regainMinutes = Math.max(regainMinutes, num(entry.estimated_time_to_regain_access));
  for (const entry of adAccount) {
    percent = Math.max(percent, num(entry.acc_id_util_pct));
    resetSeconds = Math.max(resetSeconds, num(entry.reset_time_duration));
  }
  for (const entry of insights) percent = Math.max(percent, num(entry.app_id_util_pct), num(entry.acc_id_util_pct));

  return { percent, regainMs: Math.max(regainMinutes * 60_000, resetSeconds * 1000) };
}

/**
 * How long to wait before the next call: Meta's own estimate when a budget is exhausted, else
 * nothing below 75 %, then 5 s at 75 % rising to a minute at 100 %.
 */
export function usagePauseMs(usage: GraphUsage): number {
  if (usage.regainMs > 0 && usage.percent >= USAGE_SLOWDOWN_PERCENT) return Math.max(usage.regainMs, MIN_PAUSE_MS);
  if (usage.percent < USAGE_SLOWDOWN_PERCENT) return 0;
  const share = Math.min(1, (usage.percent - USAGE_SLOWDOWN_PERCENT) / (100 - USAGE_SLOWDOWN_PERCENT));
  return Math.round(MIN_PAUSE_MS + share * (MAX_PAUSE_MS - MIN_PAUSE_MS));
}
