import { getPool } from "@/lib/db/pool";
import { addDays, localDate } from "@/lib/time/zone";

// An audience's size over time: after each membership change the day's row (the workspace's local
// day of the change) takes the size counted from person_tags then, and adds the change's joins and
// leaves. The chart carries a size forward over days without a change.

export async function recordSizeChange(workspaceId: string, tagId: string, joined: number, left: number, at: Date): Promise<void> {
  await getPool().query(
    `INSERT INTO audience_sizes (workspace_id, tag_id, day, size, joined, "left", updated_at)
     SELECT $1, $2, (($5::timestamptz) AT TIME ZONE w.time_zone)::date,
            (SELECT count(*)::int FROM person_tags WHERE workspace_id = $1 AND tag_id = $2), $3, $4, now()
     FROM workspaces w WHERE w.id = $1
     ON CONFLICT (workspace_id, tag_id, day) DO UPDATE
       SET size = EXCLUDED.size, joined = audience_sizes.joined + EXCLUDED.joined, "left" = audience_sizes."left" + EXCLUDED."left", updated_at = now()`,
    [workspaceId, tagId, joined, left, at],
  );
}

export type SizePoint = { day: string; size: number; joined: number; left: number };

/**
 * The size at the end of each of the last `days` local days up to today, a day without a change
 * carrying the one before it (the size before the first recorded day is the earliest row's size
 * less its joins plus its leaves, and 0 before any row at all).
 */
export async function sizeSeries(workspaceId: string, tagId: string, timeZone: string, days = 90, now = new Date()): Promise<SizePoint[]> {
  const last = localDate(now, timeZone);
  const first = addDays(last, -(days - 1));
  const { rows } = await getPool().query<{ day: string; size: number; joined: number; left: number }>(
    `(SELECT to_char(day, 'YYYY-MM-DD') AS day, size, joined, "left" AS left FROM audience_sizes
       WHERE workspace_id = $1 AND tag_id = $2 AND day < $3::date ORDER BY day DESC LIMIT 1)
     UNION ALL
     (SELECT to_char(day, 'YYYY-MM-DD'), size, joined, "left" FROM audience_sizes
       WHERE workspace_id = $1 AND tag_id = $2 AND day BETWEEN $3::date AND $4::date)
     ORDER BY day`,
    [workspaceId, tagId, first, last],
  );
  const byDay = new Map(rows.map((row) => [row.day, row]));
  const before = rows[0] && rows[0].day < first ? rows[0] : null;
  const firstInRange = rows.find((row) => row.day >= first);
  let size = before ? before.size : firstInRange ? firstInRange.size - firstInRange.joined + firstInRange.left : 0;
  const series: SizePoint[] = [];
  for (let day = first; day <= last; day = addDays(day, 1)) {
    const row = byDay.get(day);
    if (row) size = row.size;
    series.push({ day, size, joined: row?.joined ?? 0, left: row?.left ?? 0 });
  }
  return series;
}
