import type { Db } from "@/lib/db/client";
import type { ProviderKey } from "@/lib/connectors/registry";
import { SYNC_CADENCE_SECONDS, syncLag, type TSyncLagMeasure } from "@/lib/ops/measures";
import { minuteOf } from "./availability";

// Freshness objectives per source class (PRODUCT.md: store data within 15 minutes, ads within an
// hour): each minute, how many scheduled connections of each class have data younger than the
// bound, read from the sync-lag measure. A stale connection is a bad minute for its class.

export const FRESHNESS_SOURCES = {
  store: { label: "Store data", providers: ["shopify", "woocommerce"], maxAgeSeconds: 15 * 60 },
  ads: { label: "Ad platforms", providers: ["google_ads", "meta_ads", "tiktok_ads"], maxAgeSeconds: 60 * 60 },
} as const satisfies Record<string, { label: string; providers: readonly ProviderKey[]; maxAgeSeconds: number }>;

export type FreshnessSource = keyof typeof FRESHNESS_SOURCES;
export const FRESHNESS_SOURCE_KEYS = Object.keys(FRESHNESS_SOURCES) as FreshnessSource[];

export const freshnessSeries = (source: FreshnessSource) => `freshness:${source}`;

/** The source class a provider counts in, if any. */
export function sourceOf(provider: string): FreshnessSource | null {
  for (const source of FRESHNESS_SOURCE_KEYS) {
    if ((FRESHNESS_SOURCES[source].providers as readonly string[]).includes(provider)) return source;
  }
  return null;
}

/** The age of a connection's data: the measure gives lag beyond the sync cadence, so add it back. */
export const dataAgeSeconds = (lag: Pick<TSyncLagMeasure, "lagSeconds">) => (lag.lagSeconds > 0 ? lag.lagSeconds + SYNC_CADENCE_SECONDS : 0);

export type FreshnessSample = { source: FreshnessSource; total: number; stale: number; stalest: (TSyncLagMeasure & { ageSeconds: number })[] };

/** Per source class: connections, the stale ones, and the stalest few (oldest data first). */
export function freshnessOf(lags: readonly TSyncLagMeasure[], stalestCount = 5): FreshnessSample[] {
  return FRESHNESS_SOURCE_KEYS.map((source) => {
    const mine = lags.filter((l) => sourceOf(l.provider) === source).map((l) => ({ ...l, ageSeconds: dataAgeSeconds(l) }));
    const stale = mine.filter((l) => l.ageSeconds > FRESHNESS_SOURCES[source].maxAgeSeconds);
    return {
      source,
      total: mine.length,
      stale: stale.length,
      stalest: stale.sort((a, b) => b.ageSeconds - a.ageSeconds || a.connectionId.localeCompare(b.connectionId)).slice(0, stalestCount),
    };
  });
}

/**
 * Records this minute's sample. A class with no connections records nothing: no connections is
 * neither fresh nor stale. Sampled once a minute, so a repeat in the same minute replaces it.
 */
export async function sampleFreshness(db: Db, now: Date): Promise<FreshnessSample[]> {
  const samples = freshnessOf(await syncLag(db, now));
  const minute = minuteOf(now).toISOString();
  for (const s of samples.filter((x) => x.total > 0)) {
    await db.$executeRaw`
      INSERT INTO service_level_minutes (minute, series, total, errors) VALUES (${minute}::timestamp, ${freshnessSeries(s.source)}, ${s.total}, ${s.stale})
      ON CONFLICT (minute, series) DO UPDATE SET total = excluded.total, errors = excluded.errors`;
  }
  return samples;
}
