import { getPool } from "@/lib/db/pool";
import { localDate } from "@/lib/time/zone";
import { daysBetween, decayFactor } from "./decay";
import { DEFAULT_ACTIVITY_SETTINGS, type TLevel } from "./settings";

// What other rooms read of a person's activity (tag rules, on-site targeting, the profile). A
// stored score is as of its score_day; the decay since then is applied here in closed form, so
// a reader sees today's score without a recompute.

export type TRfm = { r: number; f: number; m: number; segment: string };

export type TPersonActivity = {
  personKey: string;
  /** Decayed to today in the workspace's zone. */
  score: number;
  /** The local day the stored figures were computed for. */
  scoreDay: string;
  weeklyScore: number;
  previousWeeklyScore: number;
  weeklyChange: number;
  level: TLevel;
  lastEventAt: Date | null;
  /** Null for a person with no order. */
  rfm: TRfm | null;
  updatedAt: Date;
};

type Row = {
  person_key: string; score: number; score_day: string; weekly_score: number; previous_weekly_score: number; weekly_change: number;
  level: TLevel; last_event_at: Date | null; rfm_r: number | null; rfm_f: number | null; rfm_m: number | null; rfm_segment: string | null;
  updated_at: Date; time_zone: string; half_life_days: number | null;
};

function toActivity(row: Row, now: Date): TPersonActivity {
  const today = localDate(now, row.time_zone);
  const age = Math.max(0, daysBetween(row.score_day, today));
  const halfLife = row.half_life_days ?? DEFAULT_ACTIVITY_SETTINGS.halfLifeDays;
  return {
    personKey: row.person_key,
    score: row.score * decayFactor(age, halfLife),
    scoreDay: row.score_day,
    weeklyScore: row.weekly_score,
    previousWeeklyScore: row.previous_weekly_score,
    weeklyChange: row.weekly_change,
    level: row.level,
    lastEventAt: row.last_event_at,
    rfm: row.rfm_segment && row.rfm_r && row.rfm_f && row.rfm_m ? { r: row.rfm_r, f: row.rfm_f, m: row.rfm_m, segment: row.rfm_segment } : null,
    updatedAt: row.updated_at,
  };
}

const SELECT = `
SELECT a.person_key, a.score, to_char(a.score_day, 'YYYY-MM-DD') AS score_day, a.weekly_score, a.previous_weekly_score, a.weekly_change,
       a.level, a.last_event_at, a.rfm_r, a.rfm_f, a.rfm_m, a.rfm_segment, a.updated_at, w.time_zone, s.half_life_days
FROM workspaces w
JOIN person_activity a ON a.workspace_id = w.id
LEFT JOIN activity_settings s ON s.workspace_id = w.id
WHERE w.id = $1 AND a.person_key = ANY($2::text[])`;

/** One person's activity, or null when no recompute has scored them. */
export async function activityOf(workspaceId: string, personKey: string, now = new Date()): Promise<TPersonActivity | null> {
  const { rows } = await getPool().query<Row>(SELECT, [workspaceId, [personKey]]);
  return rows[0] ? toActivity(rows[0], now) : null;
}

/** Many persons' activity at once (absent keys are left out). */
export async function activityOfPersons(workspaceId: string, personKeys: readonly string[], now = new Date()): Promise<Map<string, TPersonActivity>> {
  if (personKeys.length === 0) return new Map();
  const { rows } = await getPool().query<Row>(SELECT, [workspaceId, [...new Set(personKeys)]]);
  return new Map(rows.map((row) => [row.person_key, toActivity(row, now)]));
}

/** Each scored person's level; a person never scored is left out (callers treat that as low or unknown). */
export async function levelOfPersons(workspaceId: string, personKeys: readonly string[]): Promise<Map<string, TLevel>> {
  if (personKeys.length === 0) return new Map();
  const { rows } = await getPool().query<{ person_key: string; level: TLevel }>(
    "SELECT person_key, level FROM person_activity WHERE workspace_id = $1 AND person_key = ANY($2::text[])",
    [workspaceId, [...new Set(personKeys)]],
  );
  return new Map(rows.map((r) => [r.person_key, r.level]));
}
