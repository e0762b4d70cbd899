import type { RateRow, RateSource } from "@/lib/fx/source";

/** A source answering from a fixed list, counting its calls. */
export function memorySource(name: string, rows: RateRow[]): RateSource & { calls: number } {
  return {
    name,
    calls: 0,
    async fetchRates(base, quotes, fromDay, toDay) {
      this.calls++;
      return rows.filter((r) => r.base === base && quotes.includes(r.quote) && r.day >= fromDay && r.day <= toDay);
    },
  };
}

export const row = (day: string, base: string, quote: string, rate: string): RateRow => ({ day, base, quote, rate });
