import { getPool } from "@/lib/db/pool";
import { RFM_SEGMENTS } from "@/lib/tags/rules/fields";
import { localDate } from "@/lib/time/zone";

// The segments page's figures: each RFM segment's size and net sales now, and how people moved
// between segments since the month began. A person's segment at the start of the month is the one
// on their latest person_activity_history row before the month's first local day (history gets a
// row whenever a pass changes someone's segment), so no separate snapshot is kept.

export type TRfmSegment = (typeof RFM_SEGMENTS)[number];
/** "none": no segment (not scored yet at the start of the month, or without an order). */
export type TSegmentOrNone = TRfmSegment | "none";

export const isRfmSegment = (value: unknown): value is TRfmSegment => typeof value === "string" && (RFM_SEGMENTS as readonly string[]).includes(value);

export type TSegmentSize = { segment: TRfmSegment; people: number; share: number; netSales: string };
export type TSegmentMove = { from: TSegmentOrNone; to: TSegmentOrNone; people: number };
export type TSegmentMovement = { monthStart: string; today: string; moves: TSegmentMove[] };

/** The first local day of the month `now` falls in, in the workspace's zone. */
export function monthStartOf(now: Date, timeZone: string): string {
  return `${localDate(now, timeZone).slice(0, 7)}-01`;
}

/** Every segment with its people now, their share of everyone with a segment, and their net sales (a decimal string). */
export async function segmentSizes(workspaceId: string): Promise<TSegmentSize[]> {
  const { rows } = await getPool().query<{ segment: string; people: number; net_sales: string }>(
    `SELECT a.rfm_segment AS segment, count(*)::int AS people, coalesce(sum(cp.net_sales), 0)::text AS net_sales
     FROM person_activity a
     LEFT JOIN customer_profiles cp ON cp.workspace_id = a.workspace_id AND cp.customer_key = a.person_key
     WHERE a.workspace_id = $1 AND a.rfm_segment IS NOT NULL
     GROUP BY a.rfm_segment`,
    [workspaceId],
  );
  const total = rows.reduce((n, r) => n + r.people, 0);
  return RFM_SEGMENTS.map((segment) => {
    const row = rows.find((r) => r.segment === segment);
    const people = row?.people ?? 0;
    return { segment, people, share: total === 0 ? 0 : people / total, netSales: row?.net_sales ?? "0" };
  });
}

// Each scored person's segment at the start of the month (null: none yet) beside today's.
const MOVES_CTE = `
WITH start AS (
  SELECT DISTINCT ON (person_key) person_key, rfm_segment
  FROM person_activity_history
  WHERE workspace_id = $1 AND day < $2::date
  ORDER BY person_key, day DESC
), moves AS (
  SELECT a.person_key, coalesce(s.rfm_segment, 'none') AS from_segment, coalesce(a.rfm_segment, 'none') AS to_segment
  FROM person_activity a
  LEFT JOIN start s ON s.person_key = a.person_key
  WHERE a.workspace_id = $1 AND (a.rfm_segment IS NOT NULL OR s.rfm_segment IS NOT NULL)
)`;

/** How many people went from each segment at the start of this month to each segment today (staying put included). */
export async function segmentMovement(workspaceId: string, timeZone: string, now = new Date()): Promise<TSegmentMovement> {
  const monthStart = monthStartOf(now, timeZone);
  const { rows } = await getPool().query<{ from_segment: TSegmentOrNone; to_segment: TSegmentOrNone; people: number }>(
    `${MOVES_CTE} SELECT from_segment, to_segment, count(*)::int AS people FROM moves GROUP BY 1, 2`,
    [workspaceId, monthStart],
  );
  return {
    monthStart,
    today: localDate(now, timeZone),
    moves: rows.map((r) => ({ from: r.from_segment, to: r.to_segment, people: r.people })),
  };
}

export type TMovedPerson = { personKey: string; orders: number | null; netSales: string | null };
export const MOVED_PEOPLE_LIMIT = 100;

/** The people of one cell of the movement table, by person key, at most `limit` of them. */
export async function movedPeople(
  workspaceId: string,
  timeZone: string,
  cell: { from: TSegmentOrNone; to: TSegmentOrNone },
  now = new Date(),
  limit = MOVED_PEOPLE_LIMIT,
): Promise<TMovedPerson[]> {
  const { rows } = await getPool().query<{ person_key: string; orders: number | null; net_sales: string | null }>(
    `${MOVES_CTE}
     SELECT m.person_key, cp.orders, cp.net_sales::text AS net_sales FROM moves m
     LEFT JOIN customer_profiles cp ON cp.workspace_id = $1 AND cp.customer_key = m.person_key
     WHERE m.from_segment = $3 AND m.to_segment = $4
     ORDER BY m.person_key LIMIT $5`,
    [workspaceId, monthStartOf(now, timeZone), cell.from, cell.to, limit],
  );
  return rows.map((r) => ({ personKey: r.person_key, orders: r.orders, netSales: r.net_sales }));
}

/** Every person of one cell of the movement table, by person key. */
export async function movedPersonKeys(workspaceId: string, timeZone: string, cell: { from: TSegmentOrNone; to: TSegmentOrNone }, now = new Date()): Promise<string[]> {
  const { rows } = await getPool().query<{ person_key: string }>(
    `${MOVES_CTE} SELECT person_key FROM moves WHERE from_segment = $3 AND to_segment = $4 ORDER BY person_key`,
    [workspaceId, monthStartOf(now, timeZone), cell.from, cell.to],
  );
  return rows.map((r) => r.person_key);
}
