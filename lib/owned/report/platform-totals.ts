import { getPool } from "@/lib/db/pool";
import { rate } from "./rate";
import type { TOwnedReportQuery } from "./query";

// A messaging platform's own figures for a message (Klaviyo's campaign and flow values reports),
// shown beside the report for messages whose sends were never stored one by one. They are the
// platform's counts by the platform's rules (its opens include privacy-proxy fetches, its
// conversions are its own attribution, in its account's currency), so they are listed apart and
// never added to the report's rows or totals. A message is listed only when no send of it is stored
// for the report's range or for the period its figures cover: then no per-recipient row of the same
// message and days can be counted twice.

export type TPlatformTotalsRow = {
  source: string;
  channel: string;
  campaign_id: string;
  campaign: string;
  kind: string;
  template_id: string;
  template: string;
  period_from: string;
  period_to: string;
  recipients: number;
  delivered: number;
  failed: number;
  delivery_rate: number | null;
  opens: number;
  open_rate: number | null;
  clicks: number;
  click_rate: number | null;
  unsubscribes: number;
  complaints: number;
  conversions: number;
  conversion_value: string;
  currency: string;
};

type TRow = {
  source: string; channel: string; campaign_id: string; campaign: string; kind: string; template_id: string; template: string | null;
  period_from: Date; period_to: Date; recipients: number; delivered: number; failed: number; unique_opens: number; unique_clicks: number;
  unsubscribes: number; spam_complaints: number; conversions: number; conversion_value: string; currency: string;
};

// $1 workspace, $2/$3 local days, $4 channel, $5 campaign, $6 template, $7 folder, $8 the workspace's zone.
// The period overlaps the range when read as local days; the send probe walks the sends' day index.
const SQL = `
SELECT t.source, t.channel, t.campaign_id, c.name AS campaign, c.kind, t.template_id, tp.name AS template,
  t.period_from, t.period_to, t.recipients, t.delivered, t.failed, t.unique_opens, t.unique_clicks,
  t.unsubscribes, t.spam_complaints, t.conversions, t.conversion_value::text, t.currency
FROM owned_message_totals t
JOIN owned_campaigns c ON c.workspace_id = t.workspace_id AND c.id = t.campaign_id
LEFT JOIN owned_templates tp ON tp.workspace_id = t.workspace_id AND tp.id = t.template_id
WHERE t.workspace_id = $1
  AND ((t.period_from AT TIME ZONE 'UTC') AT TIME ZONE $8)::date <= $3::date
  AND ((t.period_to AT TIME ZONE 'UTC') AT TIME ZONE $8)::date >= $2::date
  AND ($4::text IS NULL OR t.channel = $4) AND ($5::text IS NULL OR t.campaign_id = $5) AND ($6::text IS NULL OR t.template_id = $6)
  AND ($7::text IS NULL OR c.folder_id = $7)
  AND NOT EXISTS (
    SELECT 1 FROM owned_sends s
    WHERE s.workspace_id = t.workspace_id AND s.campaign_id = t.campaign_id AND s.template_id = t.template_id AND s.status <> 'prepared'
      AND (s.sent_day BETWEEN $2::date AND $3::date
        OR s.sent_day BETWEEN ((t.period_from AT TIME ZONE 'UTC') AT TIME ZONE $8)::date AND ((t.period_to AT TIME ZONE 'UTC') AT TIME ZONE $8)::date))
ORDER BY t.recipients DESC, c.name, tp.name`;

/** The platform's own figures for the messages of the report's filters that have no stored sends. */
export async function platformTotals(workspaceId: string, timeZone: string, query: TOwnedReportQuery): Promise<TPlatformTotalsRow[]> {
  const { rows } = await getPool().query<TRow>(SQL, [workspaceId, query.dateFrom, query.dateTo, query.channel, query.campaignId, query.templateId, query.folderId, timeZone]);
  return rows.map((r) => ({
    source: r.source,
    channel: r.channel,
    campaign_id: r.campaign_id,
    campaign: r.campaign,
    kind: r.kind,
    template_id: r.template_id,
    template: r.template ?? "Removed message",
    period_from: r.period_from.toISOString(),
    period_to: r.period_to.toISOString(),
    recipients: r.recipients,
    delivered: r.delivered,
    failed: r.failed,
    delivery_rate: rate(r.delivered, r.recipients),
    opens: r.unique_opens,
    open_rate: rate(r.unique_opens, r.delivered),
    clicks: r.unique_clicks,
    click_rate: rate(r.unique_clicks, r.delivered),
    unsubscribes: r.unsubscribes,
    complaints: r.spam_complaints,
    conversions: r.conversions,
    conversion_value: r.conversion_value,
    currency: r.currency.trim(),
  }));
}
