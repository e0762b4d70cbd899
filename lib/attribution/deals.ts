import { inTransaction } from "@/lib/db/pool";
import { customerKeySql } from "@/lib/customers/identity";
import { localDay } from "@/lib/metrics/rollups/facts-sql";
import { decodeCredits, encodeCredits, type TStoredCredits } from "./credit-store";
import { LONGEST_WINDOW_DAYS, orderCredits, type TJourneyTouch } from "./credits";
import { DailyChanges, replaceCredits } from "./daily";
import { loadFits } from "./fits";
import { TOUCHES_JSON_SQL } from "./match-sql";
import { campaignOf } from "./recompute";
import { getAttributionSettings } from "./settings";

// Won CRM deals as conversions of type `deal`: the deal's contact (its customer, through
// merged_into to the person) is followed to that person's visitors, and the deal's value (in the
// workspace currency) is shared over their touchpoints by the same models and windows as orders.
// Their sums go to attribution_daily under conversion_type 'deal', so order reports keep their
// numbers. A deal that is no longer won (reopened, lost, gone) gives its credit back.
// Every recompute reads every won deal's journey (a journey changes with new sessions, identities
// and merges, which no deal records), but only a deal whose conversion or credits changed is
// rewritten and netted into the daily sums: an hourly run over unchanged deals writes nothing.

type TDealRow = {
  connection_id: string; deal_id: string; at: string; day: string; revenue_minor: string;
  touches: { at: string; day: string; channel: string; direct: boolean; paid: boolean; platform: string | null; campaign_id: string | null; utm_campaign: string | null }[];
};

// Won deals with a close time and their journeys: the visitors resolved to the contact's person,
// and those seen with the contact's email hash. Parameters: $1 workspace, $2 time zone, $3 days,
// $4 workspace currency.
const DEALS_SQL = `
WITH deals AS (
  SELECT d.connection_id, d.external_id AS deal_id, d.closed_at AS at, ${localDay("d.closed_at")} AS day,
         CASE WHEN d.converted_currency = $4 THEN d.converted_minor ELSE 0 END AS revenue_minor,
         CASE WHEN d.customer_id IS NOT NULL THEN ${customerKeySql("d.connection_id", "d.customer_id", "cu")} END AS person_key, cu.email_hash
  FROM crm_deals d
  LEFT JOIN customers cu ON cu.workspace_id = $1 AND cu.connection_id = d.connection_id AND cu.external_id = d.customer_id
  WHERE d.workspace_id = $1 AND d.status = 'won' AND d.closed_at IS NOT NULL AND d.customer_id IS NOT NULL
),
seeds AS (
  SELECT k.connection_id, k.deal_id, v.anonymous_id, v.person_key FROM deals k
  JOIN visitors v ON v.workspace_id = $1 AND v.person_key = k.person_key
  UNION
  SELECT k.connection_id, k.deal_id, l.anonymous_id, v.person_key FROM deals k
  JOIN identity_links l ON l.workspace_id = $1 AND l.kind = 'email' AND l.value = k.email_hash
  LEFT JOIN visitors v ON v.workspace_id = $1 AND v.anonymous_id = l.anonymous_id
),
journey_visitors AS (
  SELECT connection_id, deal_id, anonymous_id FROM seeds
  UNION
  SELECT s.connection_id, s.deal_id, v.anonymous_id FROM (SELECT DISTINCT connection_id, deal_id, person_key FROM seeds WHERE person_key IS NOT NULL) s
  JOIN visitors v ON v.workspace_id = $1 AND v.person_key = s.person_key
)
SELECT k.connection_id, k.deal_id, to_char(k.at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, to_char(k.day, 'YYYY-MM-DD') AS day,
       k.revenue_minor::text AS revenue_minor,
       ${TOUCHES_JSON_SQL}
FROM deals k
JOIN journey_visitors jv ON jv.connection_id = k.connection_id AND jv.deal_id = k.deal_id
JOIN attribution_touchpoints t ON t.workspace_id = $1 AND t.anonymous_id = jv.anonymous_id
  AND t.at <= k.at AND t.at >= k.at - make_interval(days => $3::int)
GROUP BY 1, 2, 3, 4, 5`;

/** `deals`: won deals credited; `changed`: those whose row was written (new or different); `removed`: credit taken back. */
export type TDealAttributionResult = { deals: number; changed: number; removed: number };

type TStoredDeal = { connection_id: string; deal_id: string; at: string; day: string; revenue_minor: string; touches: number; credits: string };

/** The same conversion on the same day with the same credits: nothing to net or rewrite. */
const sameDeal = (old: TStoredDeal, deal: TDealRow, creditsText: string) =>
  old.credits === creditsText && old.day === deal.day && old.at === deal.at && old.revenue_minor === deal.revenue_minor && old.touches === deal.touches.length;

/** Attributes every won deal of a workspace again, and takes back the credit of deals no longer won. */
export async function attributeDeals(workspaceId: string): Promise<TDealAttributionResult> {
  const [settings, fits] = await Promise.all([getAttributionSettings(workspaceId), loadFits(workspaceId)]);
  return inTransaction(async (client) => {
    // The same lock as the order recompute: both add to attribution_daily.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('attribution'), hashtext($1))", [workspaceId]);
    const { rows: [workspace] } = await client.query<{ time_zone: string; currency: string }>("SELECT time_zone, currency FROM workspaces WHERE id = $1", [workspaceId]);
    const { rows } = await client.query<TDealRow>(DEALS_SQL, [workspaceId, workspace!.time_zone, LONGEST_WINDOW_DAYS, workspace!.currency]);
    const { rows: storedRows } = await client.query<TStoredDeal>(
      `SELECT connection_id, deal_id, to_char(deal_at, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, to_char(deal_day, 'YYYY-MM-DD') AS day,
              revenue_minor::text AS revenue_minor, touches, credits::text AS credits
       FROM deal_attributions WHERE workspace_id = $1`,
      [workspaceId],
    );
    const stored = new Map(storedRows.map((r) => [`${r.connection_id}\u001f${r.deal_id}`, r]));
    const changes = new DailyChanges("deal");
    let deals = 0;
    let changed = 0;
    for (const deal of rows) {
      const key = `${deal.connection_id}\u001f${deal.deal_id}`;
      const old = stored.get(key);
      stored.delete(key);
      const touches: TJourneyTouch[] = deal.touches.map((t) => ({
        at: new Date(t.at), day: t.day, channel: t.channel, direct: t.direct, paid: t.paid, platform: t.platform ?? "", campaign: campaignOf(t),
      }));
      const found = orderCredits({ at: new Date(deal.at), revenueMinor: BigInt(deal.revenue_minor) }, touches, settings.model, fits);
      const encoded = found.entries.length === 0 ? undefined : encodeCredits(found);
      const creditsText = encoded && JSON.stringify(encoded);
      if (encoded) deals++;
      if (old && creditsText && sameDeal(old, deal, creditsText)) continue;
      const oldCredits = old && (JSON.parse(old.credits) as TStoredCredits);
      // A deal is never a new customer's order: its value counts, its new-customer share does not.
      replaceCredits(changes, oldCredits && { orderDay: old.day, newCustomer: false, credits: oldCredits }, encoded && { orderDay: deal.day, newCustomer: false, credits: encoded, decoded: found });
      if (!encoded) {
        if (old) await client.query("DELETE FROM deal_attributions WHERE workspace_id = $1 AND connection_id = $2 AND deal_id = $3", [workspaceId, deal.connection_id, deal.deal_id]);
        continue;
      }
      changed++;
      await client.query(
        `INSERT INTO deal_attributions (workspace_id, connection_id, deal_id, deal_at, deal_day, revenue_minor, touches, credits)
         VALUES ($1, $2, $3, $4::timestamp, $5::date, $6::bigint, $7, $8::json)
         ON CONFLICT (workspace_id, connection_id, deal_id) DO UPDATE SET deal_at = EXCLUDED.deal_at,
           deal_day = EXCLUDED.deal_day, revenue_minor = EXCLUDED.revenue_minor, touches = EXCLUDED.touches, credits = EXCLUDED.credits`,
        [workspaceId, deal.connection_id, deal.deal_id, deal.at.replace("Z", ""), deal.day, deal.revenue_minor, deal.touches.length, creditsText],
      );
    }
    // Deals no longer won (reopened, lost, deleted) or no longer tied to a journey.
    for (const old of stored.values()) {
      changes.addOrder(decodeCredits(JSON.parse(old.credits) as TStoredCredits), old.day, false, -1);
      await client.query("DELETE FROM deal_attributions WHERE workspace_id = $1 AND connection_id = $2 AND deal_id = $3", [workspaceId, old.connection_id, old.deal_id]);
    }
    await changes.apply(client, workspaceId);
    return { deals, changed, removed: stored.size };
  });
}
