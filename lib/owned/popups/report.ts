import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { addDays, startOfLocalDay } from "@/lib/time/zone";
import { liftAgainstHoldout, type TLift } from "./lift";
import { POPUP_EVENTS } from "./schema";

// The web pop-up section of the owned-channel report, per template over local days:
// - impressions, clicks, closes: the snippet's popup_shown, popup_clicked and popup_closed events;
// - exposed visitors per arm: the show arm from the first show granted, the holdout from when
//   they first qualified (the moment they would have seen it), each in the range;
// - conversions: exposed visitors with a checkout_completed event within 24 hours after that moment;
// - lift: the show arm's conversion rate minus the holdout's, with its 95 % interval (lift.ts).

export const POPUP_CONVERSION_EVENT = "checkout_completed";
export const POPUP_CONVERSION_WINDOW_HOURS = 24;

export type TPopupReportRow = {
  template_id: string;
  template: string;
  show_percent: number;
  impressions: number;
  viewers: number;
  clicks: number;
  closes: number;
  click_rate: number | null;
  shown_visitors: number;
  shown_conversions: number;
  holdout_visitors: number;
  holdout_conversions: number;
  lift: TLift;
};

const EVENTS_SQL = `
SELECT properties->>'popup_id' AS template_id, event, count(*)::int AS n, count(DISTINCT anonymous_id)::int AS visitors
FROM tracked_events
WHERE workspace_id = $1 AND event = ANY($4::text[]) AND occurred_at >= $2::timestamp AND occurred_at < $3::timestamp
GROUP BY 1, 2`;

const ARMS_SQL = `
WITH exposed AS (
  SELECT a.template_id, a.arm, a.anonymous_id, CASE WHEN a.arm = 'show' THEN a.first_shown_at ELSE a.assigned_at END AS at
  FROM popup_assignments a
  WHERE a.workspace_id = $1
)
SELECT e.template_id, e.arm, count(*)::int AS visitors,
  count(*) FILTER (WHERE EXISTS (
    SELECT 1 FROM tracked_events t
    WHERE t.workspace_id = $1 AND t.anonymous_id = e.anonymous_id AND t.event = $4
      AND t.occurred_at > e.at AND t.occurred_at <= e.at + make_interval(hours => $5)
  ))::int AS conversions
FROM exposed e
WHERE e.at >= $2::timestamp AND e.at < $3::timestamp
GROUP BY 1, 2`;

const rate = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);

/**
 * The report's pop-up section for its query, as the page and the API show it: pop-ups are no
 * campaign's sends, so they follow the range and the channel filter only (none under a campaign).
 */
export async function popupSection(workspaceId: string, query: { dateFrom: string; dateTo: string; channel: string | null; campaignId: string | null }): Promise<TPopupReportRow[]> {
  if (query.campaignId || (query.channel && query.channel !== "web_popup")) return [];
  return popupReport(workspaceId, query.dateFrom, query.dateTo);
}

/** The pop-up rows of the owned-channel report over local days `dateFrom` to `dateTo`. */
export async function popupReport(workspaceId: string, dateFrom: string, dateTo: string): Promise<TPopupReportRow[]> {
  const pool = getPool();
  const zone = await pool.query<{ time_zone: string }>("SELECT time_zone FROM workspaces WHERE id = $1", [workspaceId]);
  if (!zone.rows[0]) throw new AppError("not_found", "Workspace not found.");
  const from = startOfLocalDay(dateFrom, zone.rows[0].time_zone).toISOString().slice(0, 23);
  const until = startOfLocalDay(addDays(dateTo, 1), zone.rows[0].time_zone).toISOString().slice(0, 23);
  const [templates, events, arms] = await Promise.all([
    pool.query<{ id: string; name: string; show_percent: number }>("SELECT id, name, show_percent FROM popup_templates WHERE workspace_id = $1 ORDER BY name, id", [workspaceId]),
    pool.query<{ template_id: string | null; event: string; n: number; visitors: number }>(EVENTS_SQL, [workspaceId, from, until, Object.values(POPUP_EVENTS)]),
    pool.query<{ template_id: string; arm: string; visitors: number; conversions: number }>(ARMS_SQL, [workspaceId, from, until, POPUP_CONVERSION_EVENT, POPUP_CONVERSION_WINDOW_HOURS]),
  ]);
  const eventOf = (id: string, event: string) => events.rows.find((r) => r.template_id === id && r.event === event);
  const armOf = (id: string, arm: string) => arms.rows.find((r) => r.template_id === id && r.arm === arm) ?? { visitors: 0, conversions: 0 };
  return templates.rows.map((t) => {
    const shown = eventOf(t.id, POPUP_EVENTS.shown);
    const impressions = shown?.n ?? 0;
    const clicks = eventOf(t.id, POPUP_EVENTS.clicked)?.n ?? 0;
    const show = armOf(t.id, "show"), holdout = armOf(t.id, "holdout");
    return {
      template_id: t.id,
      template: t.name,
      show_percent: t.show_percent,
      impressions,
      viewers: shown?.visitors ?? 0,
      clicks,
      closes: eventOf(t.id, POPUP_EVENTS.closed)?.n ?? 0,
      click_rate: rate(clicks, impressions),
      shown_visitors: show.visitors,
      shown_conversions: show.conversions,
      holdout_visitors: holdout.visitors,
      holdout_conversions: holdout.conversions,
      lift: liftAgainstHoldout({ visitors: show.visitors, conversions: show.conversions }, { visitors: holdout.visitors, conversions: holdout.conversions }),
    };
  });
}
