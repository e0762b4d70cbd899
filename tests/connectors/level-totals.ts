import type { AdInsightInput } from "@/lib/connectors/contracts/ad-facts";
import { add, formatDecimal, parseDecimal } from "@/lib/metrics/definitions/decimal";

type Totals = { spend: string; impressions: number; clicks: number; conversions: string; conversionValue: string };

/** Insight rows summed exactly per campaign and day, to compare one level's rows with another's. */
export function totalsByCampaignDay(rows: AdInsightInput[]): Record<string, Totals> {
  const sums = new Map<string, { spend: bigint; impressions: number; clicks: number; conversions: bigint; conversionValue: bigint }>();
  for (const row of rows) {
    const key = `${row.campaignId}/${row.day}`;
    const sum = sums.get(key) ?? { spend: 0n, impressions: 0, clicks: 0, conversions: 0n, conversionValue: 0n };
    sum.spend = add(sum.spend, parseDecimal(row.spend));
    sum.impressions += row.impressions;
    sum.clicks += row.clicks;
    sum.conversions = add(sum.conversions, parseDecimal(row.conversions));
    sum.conversionValue = add(sum.conversionValue, parseDecimal(row.conversionValue));
    sums.set(key, sum);
  }
  return Object.fromEntries(
    [...sums].map(([key, s]) => [key, { spend: formatDecimal(s.spend), impressions: s.impressions, clicks: s.clicks, conversions: formatDecimal(s.conversions), conversionValue: formatDecimal(s.conversionValue) }]),
  );
}

/** The rows of one level: campaign (no ad group), ad group (no ad) or ad. */
export function rowsAt(rows: AdInsightInput[], level: "campaign" | "ad_group" | "ad"): AdInsightInput[] {
  return rows.filter((row) => (level === "campaign" ? !row.adGroupId : level === "ad_group" ? row.adGroupId && !row.adId : Boolean(row.adId)));
}
