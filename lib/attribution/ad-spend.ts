import { getPool } from "@/lib/db/pool";
import { convert, parseDecimal, type Dec } from "@/lib/metrics/definitions/decimal";
import { loadConverter } from "@/lib/metrics/report/conversion";

// What the ad platforms say about a range, per attribution row: spend, and the conversions and
// conversion value they claim for themselves (each platform's own attribution). Read from the
// daily ad rollups (ad_daily: local days, per platform and campaign, the channel its traffic
// lands as), converted to the workspace currency at each day's rate as every report does.

export type TAdGroupBy = "channel" | "platform" | "campaign";

export type TPlatformFigures = {
  /** Workspace currency, 4 places. */
  spend: Dec;
  /** The platforms' own count (fractional for data-driven platform attribution), 4 places. */
  conversions: Dec;
  /** The conversion value the platforms report, workspace currency, 4 places. */
  conversionValue: Dec;
};

export type TPlatformReported = {
  byKey: Map<string, TPlatformFigures>;
  /** Currencies without a rate for some day: those rows are left out of the figures. */
  unconvertible: string[];
};

const KEY_COLUMN: Record<TAdGroupBy, string> = { channel: "channel", platform: "platform", campaign: "campaign_id" };

type Row = { key: string; currency: string; day: string; spend: string; conversions: string; value: string };

export async function platformReported(workspace: { id: string; currency: string }, groupBy: TAdGroupBy, fromDay: string, toDay: string): Promise<TPlatformReported> {
  // Amounts in the workspace currency need no day; foreign ones keep theirs for its rate.
  const { rows } = await getPool().query<Row>(
    `SELECT ${KEY_COLUMN[groupBy]} AS key, currency, CASE WHEN currency = $4 THEN '' ELSE to_char(day, 'YYYY-MM-DD') END AS day,
            sum(spend)::text AS spend, sum(conversions)::text AS conversions, sum(revenue)::text AS value
     FROM ad_daily
     WHERE workspace_id = $1 AND day BETWEEN $2::date AND $3::date
     GROUP BY 1, 2, 3`,
    [workspace.id, fromDay, toDay, workspace.currency],
  );
  const foreign = rows.filter((r) => r.currency !== workspace.currency);
  const converter = await loadConverter(workspace.currency, foreign.map((r) => r.currency), fromDay, toDay);
  const byKey = new Map<string, TPlatformFigures>();
  const unconvertible = new Set<string>();
  for (const row of rows) {
    let spend = parseDecimal(row.spend);
    let value = parseDecimal(row.value);
    if (row.currency !== workspace.currency) {
      try {
        const rate = converter(row.currency, row.day);
        [spend, value] = [convert(spend, rate), convert(value, rate)];
      } catch {
        unconvertible.add(row.currency);
        continue;
      }
    }
    const figures = byKey.get(row.key) ?? { spend: 0n, conversions: 0n, conversionValue: 0n };
    figures.spend += spend;
    figures.conversions += parseDecimal(row.conversions);
    figures.conversionValue += value;
    byKey.set(row.key, figures);
  }
  return { byKey, unconvertible: [...unconvertible].sort() };
}
