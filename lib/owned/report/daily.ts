import { getPool, inTransaction } from "@/lib/db/pool";

// The report's per-send figures, summed per local send day and message (owned_report_daily), so a
// month of a million sends is read as a few thousand rows. Exact, never estimated: a day's rows
// are the same count the report made per send, rebuilt whenever anything about that day's sends
// changed. What recipients did is kept as flags on each send by triggers on owned_opens,
// owned_clicks and owned_send_events, so a day's rebuild reads its sends alone. Triggers on
// owned_sends mark the send days each write touches (owned_report_dirty, in the writer's own
// transaction, bumping a version); a rebuild removes each mark only if its version is still the
// one it read, so a write that raced the rebuild leaves its day marked for the next one. The marks
// are taken in ascending order by writers and by the rebuild.
//
// Who rebuilds: the refresh-owned-report job (./jobs.ts), queued by the writers and by a report
// that found more marked days than it rebuilds inline, and swept nightly; the report itself
// rebuilds at most INLINE_DAYS of its range, so a read after a bulk load stays fast and says its
// figures are being updated instead of rebuilding a month inside the request.

/** Marked days a report rebuilds before reading; more are left to the job. */
export const INLINE_DAYS = 2;
/** Days the job rebuilds per transaction, so a long backlog commits as it goes. */
const DAYS_PER_REBUILD = 5;

// One row per day and message of the days given: a send counts as opened when a person loaded its
// pixel or clicked (a human click is an image-blocked open), as clicked when a human click came.
const DAYS_SQL = `
INSERT INTO owned_report_daily (workspace_id, day, channel, campaign_id, template_id, sends, delivered, failed, opens, clicks,
  machine_opens, machine_clicks, unsubscribes, complaints)
SELECT s.workspace_id, s.sent_day, s.channel, s.campaign_id, s.template_id,
  count(*)::int,
  count(*) FILTER (WHERE s.status = 'delivered')::int,
  count(*) FILTER (WHERE s.status = 'failed')::int,
  count(*) FILTER (WHERE s.opened OR s.clicked)::int,
  count(*) FILTER (WHERE s.clicked)::int,
  count(*) FILTER (WHERE s.machine_opened)::int,
  count(*) FILTER (WHERE s.machine_clicked)::int,
  count(*) FILTER (WHERE s.unsubscribed)::int,
  count(*) FILTER (WHERE s.complained)::int
FROM owned_sends s
WHERE s.workspace_id = $1 AND s.sent_day = ANY($2::date[]) AND NOT s.is_test AND s.status <> 'prepared'
GROUP BY s.workspace_id, s.sent_day, s.channel, s.campaign_id, s.template_id`;

type TMark = { day: string; version: string };

async function rebuild(workspaceId: string, marks: TMark[]): Promise<void> {
  const days = marks.map((m) => m.day);
  await inTransaction(async (client) => {
    // One rebuild of a workspace's days at a time: two would both insert the same rows.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('owned_report_daily'), hashtext($1))", [workspaceId]);
    await client.query("DELETE FROM owned_report_daily WHERE workspace_id = $1 AND day = ANY($2::date[])", [workspaceId, days]);
    // Read after the marks were: it sees every write whose mark was read (a mark commits with its write).
    await client.query(DAYS_SQL, [workspaceId, days]);
    await client.query(
      `DELETE FROM owned_report_dirty d USING unnest($2::date[], $3::bigint[]) AS m(day, version)
       WHERE d.workspace_id = $1 AND d.day = m.day AND d.version = m.version`,
      [workspaceId, days, marks.map((m) => m.version)],
    );
  });
}

const marksOf = async (workspaceId: string, from: string | null, to: string | null) =>
  (
    await getPool().query<TMark>(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, version::text FROM owned_report_dirty
       WHERE workspace_id = $1 AND ($2::date IS NULL OR day >= $2::date) AND ($3::date IS NULL OR day <= $3::date) ORDER BY day`,
      [workspaceId, from, to],
    )
  ).rows;

/**
 * Rebuilds the marked days in [from, to] (local days, YYYY-MM-DD), at most `limit` of them, the
 * latest first (the days a report is most often read for); returns how many it rebuilt and how
 * many marked days of the range it left.
 */
export async function refreshOwnedDays(workspaceId: string, from: string, to: string, limit = Number.POSITIVE_INFINITY): Promise<{ rebuilt: number; remaining: number }> {
  const marks = (await marksOf(workspaceId, from, to)).reverse();
  const chosen = marks.slice(0, limit);
  if (chosen.length > 0) await rebuild(workspaceId, chosen.reverse());
  return { rebuilt: chosen.length, remaining: marks.length - chosen.length };
}

/** Rebuilds every day of the workspace marked when it starts (the job's work); returns how many. */
export async function refreshOwnedReport(workspaceId: string): Promise<number> {
  const marks = await marksOf(workspaceId, null, null);
  for (let i = 0; i < marks.length; i += DAYS_PER_REBUILD) await rebuild(workspaceId, marks.slice(i, i + DAYS_PER_REBUILD));
  return marks.length;
}

/** The workspaces with marked days (the nightly sweep's list). */
export async function workspacesWithMarkedDays(): Promise<string[]> {
  const { rows } = await getPool().query<{ workspace_id: string }>("SELECT DISTINCT workspace_id FROM owned_report_dirty");
  return rows.map((r) => r.workspace_id);
}
