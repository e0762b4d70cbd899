import { addDays } from "@/lib/time/zone";
import sampleFile from "./data/sample-rates.json";
import type { SampleRatesFile } from "./sample-format";
import type { RateRow, RateSource } from "./source";

// The bundled sample rates (data/sample-rates.json): invented, for the demo and the tests only.

export const SAMPLE_SOURCE_NAME = "sample";

const file = sampleFile as SampleRatesFile;

export const SAMPLE_BASE = file.base;
export const SAMPLE_QUOTES: readonly string[] = Object.keys(file.rates);

/** Rates of the bundled file, USD-based; other bases have no rows (rateFor derives them). */
export const sampleRateSource: RateSource = {
  name: SAMPLE_SOURCE_NAME,
  async fetchRates(base, quotes, fromDay, toDay) {
    if (base !== file.base) return [];
    const rows: RateRow[] = [];
    for (const quote of quotes) {
      const series = file.rates[quote];
      if (!series) continue;
      series.forEach((value, i) => {
        const day = addDays(file.from, i);
        // Numbers in the file are written with few decimals, so their shortest text is exact.
        if (day >= fromDay && day <= toDay) rows.push({ day, base, quote, rate: String(value) });
      });
    }
    return rows;
  },
};
