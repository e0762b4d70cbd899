import { getPool } from "@/lib/db/pool";
import { addDays, localDate } from "@/lib/time/zone";
import { daysBetween, decayFactor } from "./decay";
import { activityOf, type TPersonActivity } from "./read";
import { getActivitySettings } from "./settings";

// A person's activity for the customer profile: today's figures and the score's last 30 local
// days. History keeps a row only when something changed; in between the score only decays, so
// each day's value is the latest row before it carried forward in closed form.

export const HISTORY_DAYS = 30;

export type TScorePoint = { day: string; score: number };
export type TActivityProfile = { activity: TPersonActivity | null; series: TScorePoint[] };

export async function activityProfile(workspaceId: string, personKey: string, timeZone: string, now = new Date()): Promise<TActivityProfile> {
  const activity = await activityOf(workspaceId, personKey, now);
  if (!activity) return { activity: null, series: [] };
  const { halfLifeDays } = await getActivitySettings(workspaceId);
  const today = localDate(now, timeZone);
  const from = addDays(today, -(HISTORY_DAYS - 1));
  // The latest row before the window starts the curve; the window's rows move it.
  const { rows } = await getPool().query<{ day: string; score: number }>(
    `(SELECT to_char(day, 'YYYY-MM-DD') AS day, score FROM person_activity_history
      WHERE workspace_id = $1 AND person_key = $2 AND day < $3::date ORDER BY day DESC LIMIT 1)
     UNION ALL
     (SELECT to_char(day, 'YYYY-MM-DD'), score FROM person_activity_history
      WHERE workspace_id = $1 AND person_key = $2 AND day >= $3::date AND day <= $4::date)
     ORDER BY day`,
    [workspaceId, personKey, from, today],
  );
  return { activity, series: scoreSeries(rows, from, today, halfLifeDays) };
}

/** Each day from `from` to `to` after the first row: the latest row at or before it, decayed to it. */
export function scoreSeries(rows: readonly TScorePoint[], from: string, to: string, halfLifeDays: number): TScorePoint[] {
  const series: TScorePoint[] = [];
  let at = 0;
  let last: TScorePoint | null = null;
  for (let day = from; day <= to; day = addDays(day, 1)) {
    while (at < rows.length && rows[at]!.day <= day) last = rows[at++]!;
    if (last) series.push({ day, score: last.score * decayFactor(daysBetween(last.day, day), halfLifeDays) });
  }
  return series;
}
