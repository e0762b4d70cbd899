// Group commit for a burst of small writes: calls that arrive while earlier writes are in flight
// wait together and go out as one statement, so a burst costs a few round trips and commits
// rather than one per call, and no caller waits behind a long queue for a pooled connection.

export type CoalesceOptions<I> = {
  /** Writes in flight at once; the rest of the pool stays free for everything else. */
  inFlight: number;
  /** A batch holds at most this many items... */
  maxItems: number;
  /** ...and at most this much `weigh` (a single heavier item still goes alone). */
  maxWeight: number;
  weigh: (item: I) => number;
};

type Pending<I, O> = { item: I; resolve: (result: O) => void; reject: (error: unknown) => void };

/** Wraps `write` (one result per item, in order) into a function of one item that joins the next batch. */
export function coalesce<I, O>(write: (items: I[]) => Promise<O[]>, options: CoalesceOptions<I>): (item: I) => Promise<O> {
  const waiting: Pending<I, O>[] = [];
  let running = 0;
  let scheduled = false;

  const nextBatch = () => {
    let weight = 0;
    let size = 0;
    while (size < waiting.length && size < options.maxItems) {
      weight += options.weigh(waiting[size]!.item);
      if (size > 0 && weight > options.maxWeight) break;
      size++;
    }
    return waiting.splice(0, size);
  };

  const pump = () => {
    scheduled = false;
    while (running < options.inFlight && waiting.length > 0) {
      const batch = nextBatch();
      running++;
      write(batch.map((p) => p.item))
        .then((results) => {
          if (results.length !== batch.length) throw new Error(`A batched write returned ${results.length} results for ${batch.length} items.`);
          batch.forEach((p, i) => p.resolve(results[i]!));
        })
        .catch((error: unknown) => batch.forEach((p) => p.reject(error)))
        .finally(() => {
          running--;
          pump();
        });
    }
  };

  return (item) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      // Calls made in the same turn of the event loop share a batch.
      if (!scheduled) {
        scheduled = true;
        queueMicrotask(pump);
      }
    });
}
