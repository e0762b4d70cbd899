export type Outcome = "ok" | "error";

/** Runs `compute`, then hands `record` how it ended and how many seconds it took; a throw is passed on. */
export async function timed<T>(compute: () => Promise<T>, record: (outcome: Outcome, seconds: number) => void): Promise<T> {
  const startedAt = performance.now();
  let outcome: Outcome = "error";
  try {
    const result = await compute();
    outcome = "ok";
    return result;
  } finally {
    record(outcome, (performance.now() - startedAt) / 1000);
  }
}
