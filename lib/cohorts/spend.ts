import { getPool } from "@/lib/db/pool";
import { convert, parseDecimal, type Dec } from "@/lib/metrics/definitions/decimal";
import { loadConverter } from "@/lib/metrics/report/conversion";
import type { CohortGrain } from "./periods";

// Ad spend per acquisition period (the cohort's own period), in the workspace currency: the
// numerator of cohort CAC. Read from the daily ad rollups; an amount in another currency converts
// at its own day's rate, as every report does.

export type SpendByPeriod = {
  /** Period start -> spend of every platform; a period without spend is absent. */
  blended: Map<string, Dec>;
  /** Channel -> period start -> spend of the platforms landing as that channel. */
  byChannel: Map<string, Map<string, Dec>>;
  /** Currencies that had no rate for some day: their spend is left out and CAC is n/a. */
  unconvertible: string[];
};

type SpendRow = { period: string; channel: string; currency: string; fx_day: string; spend: string };

/** Spend of the days fromPeriod..toPeriodEnd by period, in total and per channel its platforms land as. */
export async function spendByPeriod(
  workspace: { id: string; currency: string },
  grain: CohortGrain,
  fromPeriod: string,
  toPeriodEnd: string,
): Promise<SpendByPeriod> {
  // date_trunc('week') starts weeks on Monday, as cohorts do.
  const period = `date_trunc('${grain}', day)::date`;
  const result = await getPool().query<SpendRow>(
    `SELECT to_char(${period}, 'YYYY-MM-DD') AS period, channel, currency,
            to_char(CASE WHEN currency = $4 THEN ${period} ELSE day END, 'YYYY-MM-DD') AS fx_day, sum(spend)::text AS spend
     FROM ad_daily
     WHERE workspace_id = $1 AND day BETWEEN $2::date AND $3::date
     GROUP BY 1, 2, 3, 4`,
    [workspace.id, fromPeriod, toPeriodEnd, workspace.currency],
  );
  const foreign = [...new Set(result.rows.map((r) => r.currency).filter((c) => c !== workspace.currency))];
  const days = result.rows.filter((r) => r.currency !== workspace.currency).map((r) => r.fx_day).sort();
  const converter = await loadConverter(workspace.currency, foreign, days[0] ?? fromPeriod, days.at(-1) ?? toPeriodEnd);
  const blended = new Map<string, Dec>();
  const byChannel = new Map<string, Map<string, Dec>>();
  const unconvertible = new Set<string>();
  const failed: [Map<string, Dec>, string][] = [];
  const channelMap = (channel: string) => {
    if (!byChannel.has(channel)) byChannel.set(channel, new Map());
    return byChannel.get(channel)!;
  };
  const addTo = (byPeriod: Map<string, Dec>, period: string, amount: Dec) => byPeriod.set(period, (byPeriod.get(period) ?? 0n) + amount);
  for (const row of result.rows) {
    let amount = parseDecimal(row.spend);
    if (row.currency !== workspace.currency) {
      try {
        amount = convert(amount, converter(row.currency, row.fx_day));
      } catch {
        unconvertible.add(row.currency);
        failed.push([channelMap(row.channel), row.period], [blended, row.period]);
        continue;
      }
    }
    addTo(channelMap(row.channel), row.period, amount);
    addTo(blended, row.period, amount);
  }
  // Part of a period's spend is worse than none: its CAC would look cheaper than it was.
  for (const [byPeriod, period] of failed) byPeriod.delete(period);
  return { blended, byChannel, unconvertible: [...unconvertible] };
}
