import { getPool } from "@/lib/db/pool";
import { addDays } from "@/lib/time/zone";
import { createHttpRateSource } from "./http-source";
import { FX_PIVOT } from "./rule";
import { SAMPLE_QUOTES } from "./sample-source";
import type { RateSource } from "./source";
import { loadRates } from "./store";

/** Days re-pulled by each refresh: providers revise recent days, and a missed day heals itself. */
export const REFRESH_DAYS = 10;

/** Every currency some workspace reports in or some connection's money arrives in. */
async function currenciesInUse(): Promise<string[]> {
  const { rows } = await getPool().query<{ currency: string }>(
    `SELECT currency FROM workspaces UNION SELECT currency FROM connections WHERE currency IS NOT NULL`,
  );
  return rows.map((r) => r.currency.trim().toUpperCase());
}

/**
 * Loads the last REFRESH_DAYS days of USD rates from the provider (FX_RATES_URL) for every
 * currency in use; cross rates between them follow from those. Without a provider configured it
 * does nothing and reports rely on the bundled sample rates (fine for the demo, not for real use).
 */
export async function refreshProviderRates(options: { source?: RateSource; now?: Date; days?: number } = {}): Promise<{ rows: number } | null> {
  if (!options.source && !process.env.FX_RATES_URL) return null;
  const source = options.source ?? createHttpRateSource();
  const today = (options.now ?? new Date()).toISOString().slice(0, 10);
  const quotes = [...new Set([...SAMPLE_QUOTES, ...(await currenciesInUse())])].filter((c) => c !== FX_PIVOT).sort();
  return loadRates(source, addDays(today, -((options.days ?? REFRESH_DAYS) - 1)), today, { base: FX_PIVOT, quotes });
}
