import type { PoolClient } from "pg";
import { utc } from "@/lib/db/pool";
import { campaignMatcher, clickPlatformOf, clickPlatformSql, type TAdCampaign } from "./campaign-match";
import type { TTouchpointScope } from "./touchpoint-scope";
import { OWNED_CLICK_SESSION_SQL, refreshOwnedTouchpoints } from "./touchpoints-owned";

// Touchpoints are a table, not a view over tracked_sessions: owned-channel clicks join them under
// their own source kind (touchpoints-owned.ts), campaign matching runs in the application (names are
// normalised by normaliseCampaignName, which SQL cannot share), and journeys are read by
// (visitor, time) on every attribution. A visitor's session touchpoints are rewritten from its
// sessions whenever they may have changed; bot sessions are never touchpoints.

export const SESSION_SOURCE = "session";


/** Media that are bought: utm_medium values that mean paid traffic, compared lower-cased. */
export const PAID_MEDIUM_PATTERN = "^(cpc|ppc|cpm|cpv|cpa|paid|paid[_ -]?social|paid[_ -]?search|paidsocial|display|banner|retargeting|remarketing)$";

// A campaign id the landing URL carries: utm_id, or the campaign id parameter of the platforms'
// URL templates (Google's {campaignid}, Meta's and TikTok's campaign_id).
const UTM_ID_SQL = `NULLIF(substring(s.landing_page from '[?&](?:utm_id|campaign_id|campaignid)=([^&#]+)'), '')`;

const scopeSql = (scope: TTouchpointScope) =>
  "anonymousIds" in scope ? "s.anonymous_id = ANY($2::text[])" : "s.started_at >= $2::timestamp";
const scopeParam = (scope: TTouchpointScope) => ("anonymousIds" in scope ? [...scope.anonymousIds] : utc(scope.since));

const matchKey = (utmId: string | null, utmCampaign: string | null, clickIdType: string | null) =>
  `${utmId ?? ""}\u001f${utmCampaign ?? ""}\u001f${clickIdType ?? ""}`;
const MATCH_KEY_SQL = `COALESCE(${UTM_ID_SQL}, '') || chr(31) || COALESCE(s.utm_campaign, '') || chr(31) || COALESCE(s.click_id_type, '')`;

async function campaignsOf(client: PoolClient, workspaceId: string): Promise<TAdCampaign[]> {
  const { rows } = await client.query<{ platform: string; campaign_id: string; name: string }>(
    "SELECT platform, campaign_id, name FROM ad_campaigns WHERE workspace_id = $1",
    [workspaceId],
  );
  return rows.map((r) => ({ platform: r.platform, campaignId: r.campaign_id, name: r.name }));
}

/** Rewrites the session touchpoints in `scope`; returns how many there are now. */
export async function refreshSessionTouchpoints(client: PoolClient, workspaceId: string, scope: TTouchpointScope): Promise<number> {
  if ("anonymousIds" in scope && scope.anonymousIds.length === 0) return 0;
  // One rewrite per workspace at a time: two that overlap (a drain's visitors and the hourly
  // span) would each delete before the other's insert committed, then insert the same sessions.
  await client.query("SELECT pg_advisory_xact_lock(hashtext('attribution-touchpoints'), hashtext($1))", [workspaceId]);
  const params = [workspaceId, scopeParam(scope)];
  // The distinct campaign keys in scope are few; each is matched once.
  const { rows: keys } = await client.query<{ utm_id: string | null; utm_campaign: string | null; click_id_type: string | null }>(
    `SELECT DISTINCT ${UTM_ID_SQL} AS utm_id, s.utm_campaign, s.click_id_type FROM tracked_sessions s
     WHERE s.workspace_id = $1 AND NOT s.is_bot AND ${scopeSql(scope)}
       AND (s.utm_campaign IS NOT NULL OR s.click_id_type IS NOT NULL OR s.landing_page ~ '[?&](utm_id|campaign_id|campaignid)=')`,
    params,
  );
  const match = campaignMatcher(keys.length > 0 ? await campaignsOf(client, workspaceId) : []);
  const matched = keys.flatMap((k) => {
    const found = match({ utmId: k.utm_id, utmCampaign: k.utm_campaign, clickPlatform: clickPlatformOf(k.click_id_type) });
    return found ? [{ key: matchKey(k.utm_id, k.utm_campaign, k.click_id_type), ...found }] : [];
  });

  // By visitor or time rather than by session id: sessions recomputed away since are gone too.
  await client.query(
    "anonymousIds" in scope
      ? `DELETE FROM attribution_touchpoints WHERE workspace_id = $1 AND source_kind = '${SESSION_SOURCE}' AND anonymous_id = ANY($2::text[])`
      : `DELETE FROM attribution_touchpoints WHERE workspace_id = $1 AND source_kind = '${SESSION_SOURCE}' AND at >= $2::timestamp`,
    params,
  );
  const inserted = await client.query(
    `INSERT INTO attribution_touchpoints (workspace_id, source_kind, source_id, anonymous_id, at, day, channel, source, medium,
       utm_campaign, utm_id, click_id_type, platform, campaign_id, campaign_match, direct, paid)
     SELECT $1, '${SESSION_SOURCE}', s.id, s.anonymous_id, s.started_at, (s.started_at AT TIME ZONE 'UTC' AT TIME ZONE w.time_zone)::date, s.channel,
       COALESCE(NULLIF(btrim(s.utm_source), ''), substring(s.referrer from '^[A-Za-z][A-Za-z0-9+.-]*://([^/:?#]+)'), '(direct)'),
       COALESCE(NULLIF(btrim(s.utm_medium), ''), CASE
         WHEN s.click_id_type IS NOT NULL THEN 'cpc'
         WHEN s.channel = 'organic' THEN 'organic'
         WHEN s.channel = 'direct' OR s.referrer IS NULL THEN '(none)'
         ELSE 'referral' END),
       s.utm_campaign, ${UTM_ID_SQL}, s.click_id_type,
       COALESCE(${clickPlatformSql("s.click_id_type")}, m.platform), m.campaign_id, m.method,
       s.channel = 'direct',
       s.click_id_type IS NOT NULL OR m.campaign_id IS NOT NULL OR COALESCE(lower(btrim(s.utm_medium)) ~ '${PAID_MEDIUM_PATTERN}', false)
     FROM tracked_sessions s
     -- The local day in the workspace's zone now: a session keeps the day of the zone it was
     -- built in, and after a change of zone the rewritten touchpoints carry credit to the new days.
     CROSS JOIN (SELECT time_zone FROM workspaces WHERE id = $1) w
     LEFT JOIN unnest($3::text[], $4::text[], $5::text[], $6::text[]) AS m(key, platform, campaign_id, method) ON m.key = ${MATCH_KEY_SQL}
     WHERE s.workspace_id = $1 AND NOT s.is_bot AND ${scopeSql(scope)} AND NOT ${OWNED_CLICK_SESSION_SQL}`,
    [...params, matched.map((m) => m.key), matched.map((m) => m.platform), matched.map((m) => m.campaignId), matched.map((m) => m.method)],
  );
  return inserted.rowCount ?? 0;
}

/** Every touchpoint in `scope`: the sessions' and the owned-channel clicks'; returns how many there are now. */
export async function refreshTouchpoints(client: PoolClient, workspaceId: string, scope: TTouchpointScope): Promise<number> {
  const sessions = await refreshSessionTouchpoints(client, workspaceId, scope);
  if ("anonymousIds" in scope && scope.anonymousIds.length === 0) return 0;
  return sessions + (await refreshOwnedTouchpoints(client, workspaceId, scope));
}
