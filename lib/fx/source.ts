// Where exchange rates come from. A source answers for a day range; loadRates (store.ts) writes
// what it returns into exchange_rates, whose rows mean: 1 `base` = `rate` `quote` on `day`.

export type RateRow = {
  /** YYYY-MM-DD (the rate's publication day). */
  day: string;
  base: string;
  quote: string;
  /** An exact decimal string, e.g. "0.9213". */
  rate: string;
};

export interface RateSource {
  /** Recorded on every row it supplies (exchange_rates.source), for audits. */
  readonly name: string;
  /** Rates of `base` against each of `quotes` for the days in fromDay..toDay (inclusive) it knows. */
  fetchRates(base: string, quotes: readonly string[], fromDay: string, toDay: string): Promise<RateRow[]>;
}
