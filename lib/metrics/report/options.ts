// How a caller runs a report: which screen's cache it shares, and which connection it reads.

type Queryable = { query: <R extends object>(sql: string, params?: unknown[]) => Promise<{ rows: R[] }> };

export type ReportOptions = {
  /**
   * Shared by the reports of one screen (a dashboard's widgets): a statement several widgets
   * need (the same source, range, breakdown and filters) runs once.
   */
  cache?: Map<string, Promise<unknown>>;
  /**
   * Where the rollup statements run; a transaction's client sees its own (temporary) rollups, so
   * its reports are neither read from nor kept in the shared result cache.
   */
  queryable?: Queryable;
  /** The instant "today" is read at (in the workspace time zone); now unless a test fixes it. */
  now?: Date;
  /** Read every day from the daily rollups, never the week and month ones (for comparisons). */
  dailyOnly?: boolean;
};

/** Runs `work` once per key within one screen's shared cache (or every time without one). */
export function memo<T>(options: ReportOptions, key: string, work: () => Promise<T>): Promise<T> {
  const { cache } = options;
  if (!cache) return work();
  if (!cache.has(key)) cache.set(key, work() as Promise<unknown[]>);
  return cache.get(key) as Promise<T>;
}

/** As memo, for work done in JS once the statements are in: the cache holds its result as is. */
export function memoSync<T>(options: ReportOptions, key: string, work: () => T): T {
  const { cache } = options;
  if (!cache) return work();
  if (!cache.has(key)) cache.set(key, work() as unknown as Promise<unknown>);
  return cache.get(key) as unknown as T;
}
