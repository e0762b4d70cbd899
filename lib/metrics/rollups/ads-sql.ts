import { platformChannelSql } from "../definitions/channels";

// The ad rollups of one workspace's local days $2..$3, from ad_insights_daily. A campaign's day
// may be reported at several levels (campaign, ad group, ad), each a whole account of its spend
// that need not match the others to the cent, so every rollup reads exactly one level per
// campaign, ad group and day and never adds levels together (lib/ads/README.md, "Levels").

/** 0 campaign, 1 ad group, 2 ad: the level of an ad_insights_daily row (alias x). */
const LEVEL = "CASE WHEN x.ad_group_id = '' THEN 0 WHEN x.ad_id = '' THEN 1 ELSE 2 END";

const SUMS = "sum(a.spend), sum(a.conversion_value), sum(a.impressions), sum(a.clicks), sum(a.conversions)";

/**
 * Each row with its level and the coarsest and finest levels reported beside it, for its campaign
 * (`campaign_*`) and its ad group (`group_*`: a campaign row's group is the campaign rows).
 */
const LEVELLED = `
  SELECT x.*, ${LEVEL} AS level,
         min(${LEVEL}) OVER campaign AS campaign_coarsest, max(${LEVEL}) OVER campaign AS campaign_finest,
         min(${LEVEL}) OVER ad_group AS group_coarsest, max(${LEVEL}) OVER ad_group AS group_finest
  FROM ad_insights_daily x
  WHERE x.workspace_id = $1 AND x.day BETWEEN $2::date AND $3::date
  WINDOW campaign AS (PARTITION BY x.connection_id, x.campaign_id, x.day),
         ad_group AS (PARTITION BY x.connection_id, x.campaign_id, x.ad_group_id, x.day)`;

/** Campaign-and-above figures: the campaign row when there is one, else its ad groups', else its ads'. */
const AD_DAILY_SQL = `
INSERT INTO ad_daily (workspace_id, day, platform, channel, campaign_id, currency, spend, revenue, impressions, clicks, conversions)
SELECT $1, a.day, a.platform, ${platformChannelSql("a.platform")}, a.campaign_id, a.currency, ${SUMS}
FROM (${LEVELLED}) a
WHERE a.level = a.campaign_coarsest
GROUP BY a.day, a.platform, a.campaign_id, a.currency
`;

/**
 * The ad group and ad breakdowns, one set of rows per level:
 * - 'ad_group': each ad group from its own row, else the sum of its ads' rows;
 * - 'ad': each ad's rows, and an ad group without ads from its own row (ad_id '').
 * A campaign reported only as a whole stays in both as one row with ad_group_id and ad_id '', so
 * a breakdown still accounts for its spend.
 */
const AD_LEVELS_SQL = `
INSERT INTO ad_levels_daily (workspace_id, day, level, platform, channel, campaign_id, ad_group_id, ad_id, currency,
                             spend, revenue, impressions, clicks, conversions)
SELECT $1, a.day, g.level, a.platform, ${platformChannelSql("a.platform")}, a.campaign_id, a.ad_group_id,
       CASE WHEN g.level = 'ad' THEN a.ad_id ELSE '' END, a.currency, ${SUMS}
FROM (${LEVELLED}) a
CROSS JOIN (VALUES ('ad_group'), ('ad')) AS g(level)
WHERE (a.level = 0 AND a.campaign_finest = 0)
   OR (a.level > 0 AND a.level = CASE WHEN g.level = 'ad_group' THEN a.group_coarsest ELSE a.group_finest END)
GROUP BY a.day, g.level, a.platform, a.campaign_id, a.ad_group_id, CASE WHEN g.level = 'ad' THEN a.ad_id ELSE '' END, a.currency
`;

/** The ads family's daily rollups, each rebuilt for a range by deleting and inserting its days. */
export const AD_ROLLUPS = [
  { table: "ad_daily", sql: AD_DAILY_SQL },
  { table: "ad_levels_daily", sql: AD_LEVELS_SQL },
] as const;
