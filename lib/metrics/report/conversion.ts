import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";
import { addDays } from "@/lib/time/zone";
import { divideRates, parseRate } from "../definitions/decimal";

// Converting rollup amounts to the workspace currency with dated rates (exchange_rates: 1 base =
// rate quote). For a currency X and the workspace currency W on a day: the X->W rate, else the
// inverse of W->X, else the cross rate through USD; a day without a published rate (weekends,
// holidays) uses the latest rate of the 7 days before.

export const RATE_LOOKBACK_DAYS = 7;
const PIVOT = "USD";

type RateRow = { base: string; quote: string; day: string; rate: string };

export type Converter = (currency: string, day: string) => bigint;

/** Loads every rate needed to convert `currencies` into `quote` over fromDay..toDay, at once. */
export async function loadConverter(quote: string, currencies: readonly string[], fromDay: string, toDay: string): Promise<Converter> {
  const foreign = [...new Set(currencies)].filter((c) => c !== quote);
  const table = new Map<string, Map<string, bigint>>();
  if (foreign.length > 0) {
    const codes = [...foreign, quote, PIVOT];
    const result = await getPool().query<RateRow>(
      `SELECT base, quote, to_char(day, 'YYYY-MM-DD') AS day, rate::text AS rate FROM exchange_rates
       WHERE base = ANY($1::text[]) AND quote = ANY($1::text[]) AND day BETWEEN $2::date AND $3::date`,
      [codes, addDays(fromDay, -RATE_LOOKBACK_DAYS), toDay],
    );
    for (const row of result.rows) {
      const pair = `${row.base}>${row.quote}`;
      if (!table.has(pair)) table.set(pair, new Map());
      table.get(pair)!.set(row.day, parseRate(row.rate));
    }
  }

  const direct = (base: string, to: string, day: string): bigint | null => {
    const byDay = table.get(`${base}>${to}`);
    if (byDay) {
      for (let d = day, i = 0; i <= RATE_LOOKBACK_DAYS; d = addDays(d, -1), i++) {
        const rate = byDay.get(d);
        if (rate !== undefined) return rate;
      }
    }
    const inverse = table.get(`${to}>${base}`);
    if (inverse) {
      for (let d = day, i = 0; i <= RATE_LOOKBACK_DAYS; d = addDays(d, -1), i++) {
        const rate = inverse.get(d);
        if (rate !== undefined && rate !== 0n) return divideRates(parseRate("1"), rate);
      }
    }
    return null;
  };

  const cache = new Map<string, bigint>();
  return (currency, day) => {
    if (currency === quote) return parseRate("1");
    const key = `${currency}|${day}`;
    const cached = cache.get(key);
    if (cached !== undefined) return cached;
    let rate = direct(currency, quote, day);
    if (rate === null && currency !== PIVOT && quote !== PIVOT) {
      const viaPivotFrom = direct(PIVOT, currency, day);
      const viaPivotTo = direct(PIVOT, quote, day);
      if (viaPivotFrom && viaPivotTo) rate = divideRates(viaPivotTo, viaPivotFrom);
    }
    if (rate === null) {
      throw new AppError(
        "conflict",
        `No exchange rate from ${currency} to ${quote} for ${day} or the ${RATE_LOOKBACK_DAYS} days before, so amounts in ${currency} can't be converted. Load rates for that period.`,
      );
    }
    cache.set(key, rate);
    return rate;
  };
}
