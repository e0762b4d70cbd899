import { z } from "zod";
import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/validation";
import { ZCurrency, ZIsoDay } from "./schemas";

// Which stored rate converts `base` into `quote` on a day, defined once as SQL so the report engine
// can use the same rule inside its queries (fxRateSql) and code can ask for one rate (rateFor):
//   1. same currency: 1;
//   2. on the day: the direct rate, else the inverse of the reverse pair, else a cross through USD
//      (both legs from that day);
//   3. no rate on the day: the latest earlier day (at most 7 before) that has one, by the same order.
// The answer is rounded to 10 decimals, the precision exchange_rates keeps.

export const FX_LOOKBACK_DAYS = 7;
export const FX_PIVOT = "USD";

/**
 * A scalar SQL expression for the rate from `base` to `quote` on `day` (each a SQL expression:
 * a column or a placeholder such as "$1"); NULL when the rule finds none.
 */
export function fxRateSql(baseExpr: string, quoteExpr: string, day: string): string {
  // char(3) like the columns, so the (base, quote, day) key is used.
  const base = `(${baseExpr})::char(3)`;
  const quote = `(${quoteExpr})::char(3)`;
  const window = `BETWEEN (${day})::date - ${FX_LOOKBACK_DAYS} AND (${day})::date`;
  // Units of `c` one USD buys on each day: the USD->c row, or the inverse of c->USD.
  const usdLeg = (c: string) => `
      SELECT e.day, 1 AS pref, e.rate AS r FROM exchange_rates e WHERE e.base = '${FX_PIVOT}' AND e.quote = ${c} AND e.day ${window}
      UNION ALL
      SELECT e.day, 2, 1 / e.rate FROM exchange_rates e WHERE e.base = ${c} AND e.quote = '${FX_PIVOT}' AND e.day ${window}`;
  return `(CASE WHEN ${base} = ${quote} THEN 1::numeric ELSE (
    SELECT round(c.rate, 10) FROM (
      SELECT e.day, 1 AS path, 0 AS pref, e.rate FROM exchange_rates e WHERE e.base = ${base} AND e.quote = ${quote} AND e.day ${window}
      UNION ALL
      SELECT e.day, 2, 0, 1 / e.rate FROM exchange_rates e WHERE e.base = ${quote} AND e.quote = ${base} AND e.day ${window}
      UNION ALL
      SELECT lb.day, 3, lb.pref + lq.pref, lq.r / lb.r
      FROM (${usdLeg(base)}) lb JOIN (${usdLeg(quote)}) lq ON lq.day = lb.day
      WHERE ${base} <> '${FX_PIVOT}' AND ${quote} <> '${FX_PIVOT}'
    ) c ORDER BY c.day DESC, c.path, c.pref LIMIT 1
  ) END)`;
}

const ZRateQuery = z.object({ base: ZCurrency, quote: ZCurrency, day: ZIsoDay });

/** The rate as an exact decimal string: 1 base = rate quote on day. */
export async function rateFor(base: string, quote: string, day: string): Promise<string> {
  parseInput(ZRateQuery, { base, quote, day });
  if (base === quote) return "1";
  const { rows } = await getPool().query<{ rate: string | null }>(`SELECT ${fxRateSql("$1", "$2", "$3")}::text AS rate`, [base, quote, day]);
  const rate = rows[0]?.rate;
  if (!rate) {
    throw new AppError("not_found", `No exchange rate for ${base}/${quote} on ${day} or the ${FX_LOOKBACK_DAYS} days before.`);
  }
  return trimZeros(rate);
}

function trimZeros(decimal: string): string {
  return decimal.includes(".") ? decimal.replace(/0+$/, "").replace(/\.$/, "") : decimal;
}
