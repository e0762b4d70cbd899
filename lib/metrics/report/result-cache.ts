import type { TReport } from "./types";

// Finished reports, shared by every request this process serves. A key holds everything a
// report's figures depend on besides the request: the workspace's rollup revision (which every
// rollup rebuild and every exchange rate change moves), its time zone, currency and product
// groups. So an entry is never stale, only unreachable once the revision moves; the oldest
// entries make room for new ones. Freshness and a rebuild under way are read on every request.

/** A report but what is read on every request (freshness, a rebuild under way), and whether it reads ad metrics (whose days may be restated). */
export type CachedReport = { report: Omit<TReport, "freshness" | "rebuilding" | "rebuild_progress">; readsAds: boolean };

const MAX_ENTRIES = 500;

const entries = new Map<string, Promise<CachedReport>>();

/** The report under `key`, computing it once however many requests ask at the same time. */
export function cachedReport(key: string, compute: () => Promise<CachedReport>): Promise<CachedReport> {
  const hit = entries.get(key);
  if (hit) {
    // Least recently used goes first: a hit moves to the back.
    entries.delete(key);
    entries.set(key, hit);
    return hit;
  }
  const pending = compute();
  entries.set(key, pending);
  // A failure is not kept: the next request tries again.
  pending.catch(() => entries.delete(key));
  while (entries.size > MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  return pending;
}

export function clearReportCache(): void {
  entries.clear();
}
