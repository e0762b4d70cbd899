import type { PoolClient } from "pg";
import { utc } from "@/lib/db/pool";
import { OWNED_CLICK_KEY } from "@/lib/tracking/event";
import type { TTouchpointScope } from "./touchpoint-scope";

// Owned-channel clicks as touchpoints: a person's click on a tracked link of an email, SMS, push
// or chat message (owned_clicks judged human, not a machine's, not a test send, tied to a
// visitor) is a touch of its channel and owned campaign, beside the paid and organic visits.
// The visit that click opened (its landing page carries the click id) is not a second touch:
// the session touchpoints leave it out (OWNED_CLICK_SESSION_SQL).

export const OWNED_CLICK_SOURCE = "owned_click";
/** Campaign keys of owned campaigns in touchpoints and credits: `owned:<owned_campaigns.id>`. */
export const OWNED_CAMPAIGN_PREFIX = "owned:";

/** SQL over tracked_sessions `s`: the session began from a person's click that is a touchpoint itself. */
export const OWNED_CLICK_SESSION_SQL = `EXISTS (
  SELECT 1 FROM owned_clicks k JOIN owned_sends os ON os.workspace_id = k.workspace_id AND os.id = k.send_id
  WHERE k.workspace_id = s.workspace_id AND k.click_id = substring(s.landing_page from '[?&]${OWNED_CLICK_KEY}=([^&#]+)')
    AND k.visitor_id = s.anonymous_id AND k.human AND NOT k.machine AND NOT os.is_test)`;

/** Rewrites the owned-click touchpoints in `scope` (the caller holds the touchpoint lock); returns how many there are now. */
export async function refreshOwnedTouchpoints(client: PoolClient, workspaceId: string, scope: TTouchpointScope): Promise<number> {
  const byVisitor = "anonymousIds" in scope;
  const param = byVisitor ? [...scope.anonymousIds] : utc(scope.since);
  await client.query(
    byVisitor
      ? `DELETE FROM attribution_touchpoints WHERE workspace_id = $1 AND source_kind = '${OWNED_CLICK_SOURCE}' AND anonymous_id = ANY($2::text[])`
      : `DELETE FROM attribution_touchpoints WHERE workspace_id = $1 AND source_kind = '${OWNED_CLICK_SOURCE}' AND at >= $2::timestamp`,
    [workspaceId, param],
  );
  const inserted = await client.query(
    `INSERT INTO attribution_touchpoints (workspace_id, source_kind, source_id, anonymous_id, at, day, channel, source, medium,
       utm_campaign, utm_id, click_id_type, platform, campaign_id, campaign_match, direct, paid)
     SELECT $1, '${OWNED_CLICK_SOURCE}', k.id::text, k.visitor_id, k.at, (k.at AT TIME ZONE 'UTC' AT TIME ZONE w.time_zone)::date,
       c.channel, c.channel, c.channel, NULL, NULL, NULL, NULL, '${OWNED_CAMPAIGN_PREFIX}' || c.id, NULL, false, false
     FROM owned_clicks k
     JOIN owned_sends os ON os.workspace_id = k.workspace_id AND os.id = k.send_id
     JOIN owned_campaigns c ON c.workspace_id = os.workspace_id AND c.id = os.campaign_id
     CROSS JOIN (SELECT time_zone FROM workspaces WHERE id = $1) w
     WHERE k.workspace_id = $1 AND k.human AND NOT k.machine AND k.visitor_id IS NOT NULL AND NOT os.is_test
       AND ${byVisitor ? "k.visitor_id = ANY($2::text[])" : "k.at >= $2::timestamp"}`,
    [workspaceId, param],
  );
  return inserted.rowCount ?? 0;
}
