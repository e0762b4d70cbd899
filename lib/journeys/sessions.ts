import { getPool } from "@/lib/db/pool";
import { KEY_EVENTS, type TJourneySession } from "./schema";

// A customer's sessions across their visitors, newest first and bounded (a visitor that behaves
// like a bot can have thousands), each with its key events counted rather than listed: page
// views are only counted, so a long browse stays one line.

export const SESSIONS_SHOWN = 200;
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

type TSessionRow = Omit<TJourneySession, "events" | "landing_page"> & { landing_page: string | null };
type TEventRow = { session_id: string; event: (typeof KEY_EVENTS)[number]; count: number; first_at: string };

/** Origin and path of a URL: its query string and fragment can carry whatever a link was given (an email, a token). */
export function pageWithoutQuery(url: string | null): string | null {
  if (url === null) return null;
  if (!URL.canParse(url)) return url.split(/[?#]/)[0] ?? null;
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname}`;
}

/** `since`: sessions started before this instant are history the plan hides (null: none is). */
export async function journeySessions(workspaceId: string, anonymousIds: readonly string[], since: Date | null = null): Promise<{ sessions: TJourneySession[]; total: number }> {
  if (anonymousIds.length === 0) return { sessions: [], total: 0 };
  const pool = getPool();
  const [{ rows }, count] = await Promise.all([
    pool.query<TSessionRow>(
      `SELECT s.id, s.anonymous_id, to_char(s.started_at, ${ISO}) AS started_at, to_char(s.ended_at, ${ISO}) AS ended_at, s.channel,
         COALESCE(t.source, s.utm_source) AS source, COALESCE(t.medium, s.utm_medium) AS medium, s.utm_campaign AS campaign,
         s.landing_page, s.device, s.page_views, s.is_bot
       FROM tracked_sessions s
       LEFT JOIN attribution_touchpoints t ON t.workspace_id = s.workspace_id AND t.source_kind = 'session' AND t.source_id = s.id
       WHERE s.workspace_id = $1 AND s.anonymous_id = ANY($2::text[]) AND ($3::timestamptz IS NULL OR s.started_at >= $3::timestamptz)
       ORDER BY s.started_at DESC, s.id LIMIT ${SESSIONS_SHOWN}`,
      [workspaceId, anonymousIds, since],
    ),
    pool.query<{ total: number }>(
      "SELECT count(*)::int AS total FROM tracked_sessions WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[]) AND ($3::timestamptz IS NULL OR started_at >= $3::timestamptz)",
      [workspaceId, anonymousIds, since],
    ),
  ]);
  if (rows.length === 0) return { sessions: [], total: 0 };
  const earliest = rows[rows.length - 1]!.started_at;
  // From the earliest shown session on: events are partitioned by month, so older months are skipped.
  const events = await pool.query<TEventRow>(
    `SELECT session_id, event, count(*)::int AS count, to_char(min(occurred_at), ${ISO}) AS first_at
     FROM tracked_events
     WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[]) AND occurred_at >= $3::timestamp
       AND session_id = ANY($4::text[]) AND event = ANY($5::text[])
     GROUP BY 1, 2 ORDER BY min(occurred_at), 2`,
    [workspaceId, [...new Set(rows.map((r) => r.anonymous_id))], earliest.replace("Z", ""), rows.map((r) => r.id), [...KEY_EVENTS]],
  );
  const bySession = new Map<string, TJourneySession["events"]>();
  for (const { session_id: id, ...event } of events.rows) bySession.set(id, [...(bySession.get(id) ?? []), event]);
  return {
    total: count.rows[0]!.total,
    sessions: rows.map((session) => ({ ...session, landing_page: pageWithoutQuery(session.landing_page), events: bySession.get(session.id) ?? [] })),
  };
}
