import type { PoolClient } from "pg";
import { inTransaction } from "@/lib/db/pool";
import { markDirtyDays, refreshDirtyRollupsQuietly } from "@/lib/metrics/rollups/refresh";
import { workspaceTimeZone } from "@/lib/metrics/rollups/rollup";
import { campaignFromContext, campaignOf, hasCampaign } from "./campaign";
import { SESSION_GAP_MS, sessionise, type SessionEvent, type TrackedSession } from "./sessionise";
import { logger } from "@/lib/log";

const log = logger("tracking");

// Keeps tracked_sessions in step with tracked_events. New events are those whose session_id is
// still null; for each visitor with some, everything from the first session a new event could
// touch (one that ended less than SESSION_GAP_MS before the earliest new event) is deleted and
// cut again from the events: a late event can extend a session, bridge two into one, or split
// one at a campaign change. The same events always give the same sessions (ids included), so
// running this twice, or after a crash, changes nothing. Each event gets its session's id and
// bot flag back; the traffic rollup's days of the sessions removed and added are refreshed.

/** A session's events are written back in batches of this many, to bound statement size. */
const WRITE_BATCH = 5_000;

type EventRow = {
  anonymous_id: string;
  message_id: string;
  event: string;
  occurred_at: Date;
  page_url: string | null;
  referrer: string | null;
  properties: Record<string, unknown> | null;
  context: Record<string, unknown> | null;
};

/** The engaged time an event reports (the snippet's `engagement` event), bounded to a day. */
function engagedMs(properties: Record<string, unknown> | null): number {
  const value = properties?.engaged_ms;
  return typeof value === "number" && Number.isFinite(value) ? Math.min(Math.max(value, 0), 86_400_000) : 0;
}

function toSessionEvent(row: EventRow): SessionEvent {
  const context = row.context ?? {};
  const fromContext = campaignFromContext(context);
  const text = (key: string) => (typeof context[key] === "string" ? (context[key] as string) : null);
  return {
    messageId: row.message_id,
    event: row.event,
    at: row.occurred_at,
    pageUrl: row.page_url,
    referrer: row.referrer,
    userAgent: text("user_agent"),
    country: text("country")?.toUpperCase().slice(0, 2) ?? null,
    engagedMs: engagedMs(row.properties),
    webdriver: context.webdriver === true,
    campaign: hasCampaign(fromContext) ? fromContext : campaignOf(row.page_url),
  };
}

/** For each visitor with unsessioned events, the instant from which its sessions are recomputed. */
async function recomputeFrom(client: PoolClient, workspaceId: string, anonymousIds: readonly string[]): Promise<Map<string, string>> {
  const { rows } = await client.query<{ anonymous_id: string; from_at: string }>(
    `WITH pending AS (
       SELECT anonymous_id, min(occurred_at) AS t FROM tracked_events
       WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[]) AND session_id IS NULL
       GROUP BY anonymous_id
     )
     SELECT p.anonymous_id, to_char(LEAST(p.t, (
       SELECT min(s.started_at) FROM tracked_sessions s
       WHERE s.workspace_id = $1 AND s.anonymous_id = p.anonymous_id AND s.ended_at > p.t - make_interval(secs => $3)
     )), 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS from_at
     FROM pending p`,
    [workspaceId, anonymousIds, SESSION_GAP_MS / 1000],
  );
  return new Map(rows.map((r) => [r.anonymous_id, r.from_at]));
}

async function insertSessions(client: PoolClient, workspaceId: string, sessions: TrackedSession[]): Promise<void> {
  for (let i = 0; i < sessions.length; i += WRITE_BATCH) {
    const batch = sessions.slice(i, i + WRITE_BATCH);
    const column = <T>(pick: (s: TrackedSession) => T) => batch.map(pick);
    await client.query(
      `INSERT INTO tracked_sessions (workspace_id, id, anonymous_id, started_at, ended_at, day, landing_page, referrer,
         utm_source, utm_medium, utm_campaign, click_id, click_id_type, channel, device, country,
         event_count, page_views, engaged_ms, is_bot, bot_reason)
       SELECT $1, u.id, u.anonymous_id, u.started_at AT TIME ZONE 'UTC', u.ended_at AT TIME ZONE 'UTC', u.day, u.landing_page, u.referrer,
         u.utm_source, u.utm_medium, u.utm_campaign, u.click_id, u.click_id_type, u.channel, u.device, u.country,
         u.event_count, u.page_views, u.engaged_ms, u.is_bot, u.bot_reason
       FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::timestamptz[], $6::date[], $7::text[], $8::text[], $9::text[], $10::text[],
                   $11::text[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::int[], $18::int[], $19::bigint[],
                   $20::boolean[], $21::text[])
         AS u(id, anonymous_id, started_at, ended_at, day, landing_page, referrer, utm_source, utm_medium, utm_campaign, click_id,
              click_id_type, channel, device, country, event_count, page_views, engaged_ms, is_bot, bot_reason)`,
      [
        workspaceId, column((s) => s.id), column((s) => s.anonymousId), column((s) => s.startedAt.toISOString()),
        column((s) => s.endedAt.toISOString()), column((s) => s.day), column((s) => s.landingPage), column((s) => s.referrer),
        column((s) => s.utmSource), column((s) => s.utmMedium), column((s) => s.utmCampaign), column((s) => s.clickId),
        column((s) => s.clickIdType), column((s) => s.channel), column((s) => s.device), column((s) => s.country),
        column((s) => s.eventCount), column((s) => s.pageViews), column((s) => s.engagedMs), column((s) => s.isBot),
        column((s) => s.botReason),
      ],
    );
  }
}

/** Each event's session id and bot flag, matched by its primary key (so one partition each). */
async function writeBack(client: PoolClient, workspaceId: string, sessions: TrackedSession[], times: Map<string, Date>): Promise<void> {
  const rows = sessions.flatMap((s) => s.messageIds.map((m) => ({ m, at: times.get(m)!.toISOString(), s })));
  for (let i = 0; i < rows.length; i += WRITE_BATCH) {
    const batch = rows.slice(i, i + WRITE_BATCH);
    await client.query(
      `UPDATE tracked_events e SET session_id = u.session_id, is_bot = u.is_bot, bot_reason = u.bot_reason
       FROM unnest($2::text[], $3::timestamptz[], $4::text[], $5::boolean[], $6::text[]) AS u(message_id, at, session_id, is_bot, bot_reason)
       WHERE e.workspace_id = $1 AND e.occurred_at = (u.at AT TIME ZONE 'UTC') AND e.message_id = u.message_id
         AND (e.session_id IS DISTINCT FROM u.session_id OR e.is_bot IS DISTINCT FROM u.is_bot OR e.bot_reason IS DISTINCT FROM u.bot_reason)`,
      [workspaceId, batch.map((r) => r.m), batch.map((r) => r.at), batch.map((r) => r.s.id), batch.map((r) => r.s.isBot), batch.map((r) => r.s.botReason)],
    );
  }
}

export type SessioniseResult = { visitors: number; sessions: number; days: string[] };

/** Recomputes the sessions of the given visitors that have events not yet in a session. */
export async function sessioniseVisitors(workspaceId: string, anonymousIds: readonly string[]): Promise<SessioniseResult> {
  if (anonymousIds.length === 0) return { visitors: 0, sessions: 0, days: [] };
  const timeZone = await workspaceTimeZone(workspaceId);
  const result = await inTransaction(async (client) => {
    // Two drains touching one visitor at once would both delete and insert its sessions.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('tracked_sessions'), hashtext($1))", [workspaceId]);
    const from = await recomputeFrom(client, workspaceId, [...new Set(anonymousIds)]);
    if (from.size === 0) return { visitors: 0, sessions: 0, days: [] };
    const visitors = [...from.keys()];
    const starts = visitors.map((v) => from.get(v)!);
    const deleted = await client.query<{ day: string }>(
      `DELETE FROM tracked_sessions s USING unnest($2::text[], $3::timestamptz[]) AS v(anonymous_id, from_at)
       WHERE s.workspace_id = $1 AND s.anonymous_id = v.anonymous_id AND s.started_at >= (v.from_at AT TIME ZONE 'UTC')
       RETURNING to_char(s.day, 'YYYY-MM-DD') AS day`,
      [workspaceId, visitors, starts],
    );
    const earliest = starts.reduce((a, b) => (a < b ? a : b));
    const events = await client.query<EventRow>(
      `SELECT e.anonymous_id, e.message_id, e.event, e.occurred_at AT TIME ZONE 'UTC' AS occurred_at, e.page_url, e.referrer, e.properties, e.context
       FROM tracked_events e JOIN unnest($2::text[], $3::timestamptz[]) AS v(anonymous_id, from_at) ON e.anonymous_id = v.anonymous_id
       WHERE e.workspace_id = $1 AND e.occurred_at >= ($4::timestamptz AT TIME ZONE 'UTC') AND e.occurred_at >= (v.from_at AT TIME ZONE 'UTC')`,
      [workspaceId, visitors, starts, earliest],
    );
    const byVisitor = new Map<string, SessionEvent[]>();
    const times = new Map<string, Date>();
    for (const row of events.rows) {
      times.set(row.message_id, row.occurred_at);
      const list = byVisitor.get(row.anonymous_id) ?? [];
      list.push(toSessionEvent(row));
      byVisitor.set(row.anonymous_id, list);
    }
    const sessions = [...byVisitor].flatMap(([visitor, list]) => sessionise(visitor, list, timeZone));
    await insertSessions(client, workspaceId, sessions);
    await writeBack(client, workspaceId, sessions, times);
    const days = [...new Set([...deleted.rows.map((r) => r.day), ...sessions.map((s) => s.day)])].sort();
    await markDirtyDays(client, workspaceId, "traffic", days);
    return { visitors: visitors.length, sessions: sessions.length, days };
  });
  if (result.days.length > 0) await refreshDirtyRollupsQuietly(workspaceId);
  return result;
}

/** The after-drain consumer: each workspace's touched visitors; one workspace failing does not hold back the rest. */
export async function sessioniseDrained(drained: readonly { workspaceId: string; anonymousIds: string[] }[]): Promise<void> {
  for (const { workspaceId, anonymousIds } of drained) {
    try {
      await sessioniseVisitors(workspaceId, anonymousIds);
    } catch (error) {
      // Its events keep a null session_id, so the visitor's next drain (or a rerun) catches up.
      log.error("sessions not recomputed", { workspaceId, err: error });
    }
  }
}
