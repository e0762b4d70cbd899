import type { Db } from "@/lib/db/client";
import { SURFACES } from "./availability";
import { freshnessSeries } from "./freshness";

// The service-level objectives, and how much of each one's error budget is being spent. Measured
// from `service_level_minutes`: request outcomes per minute for availability, one freshness sample
// a minute per source class. The month is the calendar month in UTC.

export type ObjectiveId = "availability" | "freshness_store" | "freshness_ads";

export type Objective = {
  id: ObjectiveId;
  label: string;
  /** What a good event is, in words. */
  description: string;
  /** The series summed for it. */
  series: readonly string[];
  /** The share of good events promised over the month. */
  target: number;
};

export const OBJECTIVES: readonly Objective[] = [
  { id: "availability", label: "Availability (web and API)", description: "requests answered without a server error", series: SURFACES, target: 0.9995 },
  { id: "freshness_store", label: "Store data fresh", description: "store connections (Shopify, WooCommerce) synced within 15 minutes, sampled each minute", series: [freshnessSeries("store")], target: 0.99 },
  { id: "freshness_ads", label: "Ad data fresh", description: "ad connections (Google, Meta, TikTok) synced within 1 hour, sampled each minute", series: [freshnessSeries("ads")], target: 0.99 },
];

/** The windows burn rates are read over, in minutes. */
export const BURN_WINDOWS = { "5m": 5, "30m": 30, "1h": 60, "6h": 360, "3d": 4320 } as const;
export type BurnWindow = keyof typeof BURN_WINDOWS;
const WINDOW_KEYS = Object.keys(BURN_WINDOWS) as BurnWindow[];

/**
 * Multi-window burn alerts (the common SRE figures for a 30-day budget): a page when the last
 * hour burned 14.4 times the sustainable rate (2% of the month's budget) and the last 5 minutes
 * still do; a ticket at 6 times over 6 hours (5%) confirmed by the last 30 minutes.
 */
export const BURN_POLICIES = [
  { severity: "page", long: "1h", short: "5m", rate: 14.4 },
  { severity: "ticket", long: "6h", short: "30m", rate: 6 },
] as const satisfies readonly { severity: string; long: BurnWindow; short: BurnWindow; rate: number }[];
export type BurnSeverity = (typeof BURN_POLICIES)[number]["severity"];

export type Counts = { total: number; errors: number };

/** How fast a window spends the budget: its error ratio over the ratio the target allows (1 = exactly on budget); null without events. */
export function burnRate(counts: Counts, target: number): number | null {
  if (counts.total <= 0) return null;
  return counts.errors / counts.total / (1 - target);
}

/** The share of the month's budget not yet spent (1 with no events; below 0 once overspent). */
export function budgetRemaining(month: Counts, target: number): number {
  if (month.total <= 0) return 1;
  return 1 - month.errors / (month.total * (1 - target));
}

export type ObjectiveStatus = {
  objective: Objective;
  month: Counts;
  /** Good events over all this month, null without events. */
  current: number | null;
  budgetRemaining: number;
  burnRates: Record<BurnWindow, number | null>;
  windows: Record<BurnWindow, Counts>;
};

export function objectiveStatus(objective: Objective, month: Counts, windows: Record<BurnWindow, Counts>): ObjectiveStatus {
  const burnRates = Object.fromEntries(WINDOW_KEYS.map((w) => [w, burnRate(windows[w], objective.target)])) as Record<BurnWindow, number | null>;
  return {
    objective,
    month,
    current: month.total > 0 ? (month.total - month.errors) / month.total : null,
    budgetRemaining: budgetRemaining(month, objective.target),
    burnRates,
    windows,
  };
}

/** The policies whose long and short windows both burn at or past their rate; no events burn nothing. */
export function firingPolicies(status: ObjectiveStatus): { severity: BurnSeverity; burnRate: number }[] {
  return BURN_POLICIES.filter((p) => (status.burnRates[p.long] ?? 0) >= p.rate && (status.burnRates[p.short] ?? 0) >= p.rate).map((p) => ({
    severity: p.severity,
    burnRate: status.burnRates[p.long]!,
  }));
}

export const monthStart = (now: Date) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));

/**
 * Every objective's status at `now`. A window of w minutes holds the minutes that started in
 * (now - w, now]: at 12:00:30 the 5-minute window is 11:56 to 12:00. One read of the table.
 */
export async function serviceLevels(db: Db, now: Date): Promise<ObjectiveStatus[]> {
  const sums = WINDOW_KEYS.map(
    (w, i) =>
      `coalesce(sum(total) FILTER (WHERE minute > $1::timestamp - interval '${BURN_WINDOWS[w]} minutes'), 0)::float8 AS t${i},
       coalesce(sum(errors) FILTER (WHERE minute > $1::timestamp - interval '${BURN_WINDOWS[w]} minutes'), 0)::float8 AS e${i}`,
  );
  const longest = Math.max(...Object.values(BURN_WINDOWS));
  const rows = await db.$queryRawUnsafe<Record<string, number | string>[]>(
    `SELECT series, ${sums.join(",\n")},
            coalesce(sum(total) FILTER (WHERE minute >= $2::timestamp), 0)::float8 AS tm,
            coalesce(sum(errors) FILTER (WHERE minute >= $2::timestamp), 0)::float8 AS em
     FROM service_level_minutes
     WHERE minute > least($2::timestamp - interval '1 minute', $1::timestamp - interval '${longest} minutes') AND minute <= $1::timestamp
     GROUP BY series`,
    now.toISOString(),
    monthStart(now).toISOString(),
  );
  const bySeries = new Map(rows.map((r) => [String(r.series), r]));
  const add = (series: readonly string[], t: string, e: string): Counts =>
    series.reduce<Counts>((acc, s) => ({ total: acc.total + Number(bySeries.get(s)?.[t] ?? 0), errors: acc.errors + Number(bySeries.get(s)?.[e] ?? 0) }), { total: 0, errors: 0 });
  return OBJECTIVES.map((objective) =>
    objectiveStatus(
      objective,
      add(objective.series, "tm", "em"),
      Object.fromEntries(WINDOW_KEYS.map((w, i) => [w, add(objective.series, `t${i}`, `e${i}`)])) as Record<BurnWindow, Counts>,
    ),
  );
}

export const SERVICE_LEVEL_RETENTION_DAYS = 35;

/** Deletes minutes and resolved alerts older than the retention period; answers how many rows went. */
export async function sweepServiceLevels(db: Db, now: Date): Promise<number> {
  const cutoff = new Date(now.getTime() - SERVICE_LEVEL_RETENTION_DAYS * 86_400_000);
  const minutes = await db.$executeRaw`DELETE FROM service_level_minutes WHERE minute < ${cutoff.toISOString()}::timestamp`;
  const alerts = await db.serviceLevelAlert.deleteMany({ where: { resolvedAt: { lt: cutoff } } });
  return minutes + alerts.count;
}
