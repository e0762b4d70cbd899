import { z } from "zod";
import { Pool } from "pg";
import { getPool } from "@/lib/db/pool";
import { parseInput } from "@/lib/validation";
import { SAMPLE_RANGE } from "./sample-format";
import { ZCurrency, ZIsoDay } from "./schemas";
import { SAMPLE_BASE, SAMPLE_QUOTES, sampleRateSource } from "./sample-source";
import type { RateRow, RateSource } from "./source";

// Writes rates into exchange_rates (1 base = rate quote on day). Rows are keyed by (base, quote,
// day), so loading the same range twice changes nothing and a corrected rate replaces the old one.


const ZRateRow = z.object({
  day: ZIsoDay,
  base: ZCurrency,
  quote: ZCurrency,
  rate: z.string().regex(/^\d{1,14}(\.\d{1,10})?$/, "Use a positive decimal rate with at most 10 decimals.").refine((r) => /[1-9]/.test(r), "A rate must be above zero."),
});

const ZRange = z
  .object({ fromDay: ZIsoDay, toDay: ZIsoDay })
  .refine((r) => r.fromDay <= r.toDay, { message: "The range ends before it starts.", path: ["toDay"] });

export type LoadOptions = {
  base?: string;
  quotes?: readonly string[];
  /** false: keep rates already stored (bundled sample rates never replace a provider's). */
  overwrite?: boolean;
};

/** Fetches fromDay..toDay from the source and upserts it; returns the rows the source gave. */
export async function loadRates(source: RateSource, fromDay: string, toDay: string, options: LoadOptions = {}): Promise<{ rows: number }> {
  parseInput(ZRange, { fromDay, toDay });
  const rows = await source.fetchRates(options.base ?? SAMPLE_BASE, options.quotes ?? SAMPLE_QUOTES, fromDay, toDay);
  await writeRates(source.name, rows, options.overwrite ?? true);
  return { rows: rows.length };
}

/** One statement for the whole batch; invalid rows are refused before anything is written. */
export async function writeRates(sourceName: string, rows: RateRow[], overwrite = true, pool: Pool = getPool()): Promise<void> {
  // Errors name the row and field ("rows.3.rate").
  const checked = parseInput(z.object({ rows: z.array(ZRateRow) }), { rows }).rows;
  if (checked.length === 0) return;
  // A source repeating a key in one batch would make ON CONFLICT fail: the later row wins.
  const unique = [...new Map(checked.map((r) => [`${r.base}${r.quote}${r.day}`, r])).values()];
  const conflict = overwrite
    ? `DO UPDATE SET rate = EXCLUDED.rate, source = EXCLUDED.source
       WHERE (exchange_rates.rate, exchange_rates.source) IS DISTINCT FROM (EXCLUDED.rate, EXCLUDED.source)`
    : "DO NOTHING";
  // Converted amounts change with the rates: the statement also moves every workspace's rollup
  // revision when it wrote anything, so no cached report outlives the rates it used.
  await pool.query(
    `WITH written AS (
       INSERT INTO exchange_rates (day, base, quote, rate, source)
       SELECT r.day, r.base, r.quote, r.rate, $2 FROM json_to_recordset($1::json) AS r(day date, base char(3), quote char(3), rate numeric)
       ON CONFLICT (base, quote, day) ${conflict}
       RETURNING 1
     )
     UPDATE rollup_revisions SET revision = revision + 1 WHERE EXISTS (SELECT 1 FROM written)`,
    [JSON.stringify(unique), sourceName],
  );
}

/**
 * Loads the bundled sample rates unless every one of their days is already stored: cheap enough
 * to call at every start (one count), and rates from a real provider are never replaced.
 */
export async function ensureSampleRates(databaseUrl?: string): Promise<void> {
  // The test setup runs before the app's pool is configured, so it passes the URL.
  const pool = databaseUrl ? new Pool({ connectionString: databaseUrl, max: 1 }) : getPool();
  try {
    await ensureSampleRatesIn(pool);
  } finally {
    if (databaseUrl) await pool.end();
  }
}

async function ensureSampleRatesIn(pool: Pool): Promise<void> {
  const expected = SAMPLE_QUOTES.length * (Math.round((Date.parse(SAMPLE_RANGE.to) - Date.parse(SAMPLE_RANGE.from)) / 86_400_000) + 1);
  const { rows } = await pool.query<{ n: string }>(
    `SELECT count(*) AS n FROM exchange_rates WHERE base = $1 AND quote = ANY($2::text[]) AND day BETWEEN $3::date AND $4::date`,
    [SAMPLE_BASE, SAMPLE_QUOTES, SAMPLE_RANGE.from, SAMPLE_RANGE.to],
  );
  if (Number(rows[0]!.n) >= expected) return;
  const sample = await sampleRateSource.fetchRates(SAMPLE_BASE, SAMPLE_QUOTES, SAMPLE_RANGE.from, SAMPLE_RANGE.to);
  await writeRates(sampleRateSource.name, sample, false, pool);
}
