import { z } from "zod";
import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { ZCurrency, ZIsoDay } from "./schemas";

// Which stored rate converts `base` into `quote` on a day, defined once as SQL so a query can use
// the same rule (fxRateSql) as code asking for one rate (rateFor). The rule, also followed by the
// report engine's converter (lib/metrics/conversion.ts):
//   1. same currency: 1;
//   2. the direct rate of the day, else of the latest earlier day at most 7 days back (rates are
//      not published on weekends and holidays);
//   3. else the inverse of the reverse pair, found the same way;
//   4. else, when neither side is USD, a cross through USD: (USD->quote) / (USD->base), each leg
//      found by steps 2-3 on its own.
// The answer is rounded to 10 decimals, the precision exchange_rates keeps.

export const FX_LOOKBACK_DAYS = 7;
export const FX_PIVOT = "USD";

/**
 * A scalar SQL expression for the rate from `base` to `quote` on `day` (each a SQL expression:
 * a column or a placeholder such as "$1"); NULL when the rule finds none.
 */
export function fxRateSql(baseExpr: string, quoteExpr: string, dayExpr: string): string {
  // char(3) like the columns, so the (base, quote, day) key is used.
  const base = `(${baseExpr})::char(3)`;
  const quote = `(${quoteExpr})::char(3)`;
  const latest = (value: string, from: string, to: string) =>
    `(SELECT ${value} FROM exchange_rates e WHERE e.base = ${from} AND e.quote = ${to}
       AND e.day BETWEEN (${dayExpr})::date - ${FX_LOOKBACK_DAYS} AND (${dayExpr})::date ORDER BY e.day DESC LIMIT 1)`;
  const pairRate = (from: string, to: string) => `COALESCE(${latest("e.rate", from, to)}, ${latest("1 / e.rate", to, from)})`;
  const pivot = `'${FX_PIVOT}'::char(3)`;
  return `round(CASE
    WHEN ${base} = ${quote} THEN 1::numeric
    ELSE COALESCE(${pairRate(base, quote)},
      CASE WHEN ${base} <> ${pivot} AND ${quote} <> ${pivot} THEN ${pairRate(pivot, quote)} / ${pairRate(pivot, base)} END)
  END, 10)`;
}

const ZRateQuery = z.object({ base: ZCurrency, quote: ZCurrency, day: ZIsoDay });

/** The rate as an exact decimal string: 1 base = rate quote on day. */
export async function rateFor(base: string, quote: string, day: string): Promise<string> {
  parseInput(ZRateQuery, { base, quote, day });
  if (base === quote) return "1";
  const { rows } = await getPool().query<{ rate: string | null }>(`SELECT ${fxRateSql("$1", "$2", "$3")}::text AS rate`, [base, quote, day]);
  const rate = rows[0]?.rate;
  if (!rate) {
    // As the report engine's converter answers: the request is fine, the data is missing.
    throw new AppError("conflict", `No exchange rate for ${base}/${quote} on ${day} or the ${FX_LOOKBACK_DAYS} days before. Load rates for that period.`);
  }
  return trimZeros(rate);
}

function trimZeros(decimal: string): string {
  return decimal.includes(".") ? decimal.replace(/0+$/, "").replace(/\.$/, "") : decimal;
}
