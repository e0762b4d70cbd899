import { getPool, inTransaction } from "@/lib/db/pool";

// The report's per-send figures, summed per local send day and message (owned_report_daily), so a
// month of a million sends is read as a few thousand rows. Exact, never estimated: a day's rows
// are the same count the report made per send, rebuilt whenever anything about that day's sends
// changed. Triggers on owned_sends, owned_opens, owned_clicks and owned_send_events mark the send
// days each write touches (owned_report_dirty, in the writer's own transaction, bumping a
// version); before reading a range the report rebuilds its marked days and removes each mark only
// if its version is still the one it read, so a write that raced the rebuild leaves its day
// marked for the next read. The marks are taken in ascending order by writers and by the rebuild.

// One row per day and message of the days given: a send counts as opened when a person loaded its
// pixel or clicked (a human click is an image-blocked open), as clicked when a human click came.
const DAYS_SQL = `
INSERT INTO owned_report_daily (workspace_id, day, channel, campaign_id, template_id, sends, delivered, failed, opens, clicks,
  machine_opens, machine_clicks, unsubscribes, complaints)
SELECT s.workspace_id, s.sent_day, s.channel, s.campaign_id, s.template_id,
  count(*)::int,
  count(*) FILTER (WHERE s.status = 'delivered')::int,
  count(*) FILTER (WHERE s.status = 'failed')::int,
  count(*) FILTER (WHERE x.opened OR x.clicked)::int,
  count(*) FILTER (WHERE x.clicked)::int,
  count(*) FILTER (WHERE x.machine_open)::int,
  count(*) FILTER (WHERE x.machine_click)::int,
  count(*) FILTER (WHERE x.unsubscribed)::int,
  count(*) FILTER (WHERE x.complained)::int
FROM owned_sends s
CROSS JOIN LATERAL (SELECT
  EXISTS (SELECT 1 FROM owned_opens o WHERE o.workspace_id = s.workspace_id AND o.send_id = s.id AND NOT o.machine) AS opened,
  EXISTS (SELECT 1 FROM owned_clicks k WHERE k.workspace_id = s.workspace_id AND k.send_id = s.id AND k.human AND NOT k.machine) AS clicked,
  EXISTS (SELECT 1 FROM owned_opens o WHERE o.workspace_id = s.workspace_id AND o.send_id = s.id AND o.machine) AS machine_open,
  EXISTS (SELECT 1 FROM owned_clicks k WHERE k.workspace_id = s.workspace_id AND k.send_id = s.id AND k.machine) AS machine_click,
  EXISTS (SELECT 1 FROM owned_send_events e WHERE e.workspace_id = s.workspace_id AND e.send_id = s.id AND e.kind = 'unsubscribe') AS unsubscribed,
  EXISTS (SELECT 1 FROM owned_send_events e WHERE e.workspace_id = s.workspace_id AND e.send_id = s.id AND e.kind = 'spam_complaint') AS complained
) x
WHERE s.workspace_id = $1 AND s.sent_day = ANY($2::date[]) AND NOT s.is_test AND s.status <> 'prepared'
GROUP BY s.workspace_id, s.sent_day, s.channel, s.campaign_id, s.template_id`;

/** Rebuilds the marked days in [from, to] (local days, YYYY-MM-DD); returns how many were rebuilt. */
export async function refreshOwnedDays(workspaceId: string, from: string, to: string): Promise<number> {
  const pool = getPool();
  const marked = await pool.query<{ day: string; version: string }>(
    "SELECT to_char(day, 'YYYY-MM-DD') AS day, version::text FROM owned_report_dirty WHERE workspace_id = $1 AND day BETWEEN $2::date AND $3::date ORDER BY day",
    [workspaceId, from, to],
  );
  if (marked.rows.length === 0) return 0;
  const days = marked.rows.map((r) => r.day);
  await inTransaction(async (client) => {
    // One rebuild of a workspace's days at a time: two would both insert the same rows.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('owned_report_daily'), hashtext($1))", [workspaceId]);
    await client.query("DELETE FROM owned_report_daily WHERE workspace_id = $1 AND day = ANY($2::date[])", [workspaceId, days]);
    // Read after the marks were: it sees every write whose mark was read (a mark commits with its write).
    await client.query(DAYS_SQL, [workspaceId, days]);
    await client.query(
      `DELETE FROM owned_report_dirty d USING unnest($2::date[], $3::bigint[]) AS m(day, version)
       WHERE d.workspace_id = $1 AND d.day = m.day AND d.version = m.version`,
      [workspaceId, days, marked.rows.map((r) => r.version)],
    );
  });
  return days.length;
}
