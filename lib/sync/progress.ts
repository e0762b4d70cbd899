// How far a run has come, as the connections page and the API show it. A store backfill's total
// is an estimate (the export's object count, before products and customers are read), so it is
// shown as "about" and grown when passed; rows read never exceed the total shown.

/** When rows read pass an estimated total, the total becomes this much more than what was read. */
export const ESTIMATE_HEADROOM = 1.1;

export type RunProgressFacts = { rowsRead: number; rowsExpected: number | null; rowsExpectedEstimated: boolean };

export type RunProgress = {
  read: number;
  /** Never below `read`; null while unknown. */
  total: number | null;
  estimated: boolean;
  /** Rounded down; an estimated run stays below 100 until it finishes. */
  percent: number | null;
};

/** The total an estimate grows to once `read` has passed it (the engines store the same). */
export function grownEstimate(read: number, total: number): number {
  return read > total ? Math.ceil(read * ESTIMATE_HEADROOM) : total;
}

export function runProgress(run: RunProgressFacts): RunProgress {
  const read = run.rowsRead;
  if (run.rowsExpected === null) return { read, total: null, estimated: false, percent: null };
  // Runs saved before totals were grown can hold more rows read than expected.
  const estimated = run.rowsExpectedEstimated || read > run.rowsExpected;
  const total = estimated ? grownEstimate(read, run.rowsExpected) : run.rowsExpected;
  if (total === 0) return { read, total, estimated, percent: null };
  const percent = Math.min(estimated ? 99 : 100, Math.floor((read / total) * 100));
  return { read, total, estimated, percent };
}
