import type { OrderBundle } from "@/lib/connectors/contracts/store-facts";

/**
 * Feeds a stream of orders to `commit` in batches, one commit at a time and in order, while the
 * next batch is already being read and parsed: parsing runs in this process, the writes in
 * Postgres, so overlapping them uses both.
 */
export async function commitInBatches(
  items: AsyncIterable<{ lineNumber: number; bundle: OrderBundle }>,
  commit: (bundles: OrderBundle[], throughLine: number) => Promise<void>,
  options: { batchSize: number; maxBatches?: number },
): Promise<{ batches: number; exhausted: boolean }> {
  let batch: OrderBundle[] = [];
  let lastLine = 0;
  let batches = 0;
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    const bundles = batch;
    batch = [];
    await inFlight;
    inFlight = commit(bundles, lastLine);
    // Handled here so a failure is not reported as unhandled before the next await picks it up.
    inFlight.catch(() => {});
    batches++;
  };
  try {
    for await (const item of items) {
      batch.push(item.bundle);
      lastLine = item.lineNumber;
      if (batch.length >= options.batchSize) {
        await flush();
        if (options.maxBatches && batches >= options.maxBatches) {
          await inFlight;
          return { batches, exhausted: false };
        }
      }
    }
    if (batch.length) await flush();
    await inFlight;
    return { batches, exhausted: true };
  } catch (error) {
    await inFlight.catch(() => {});
    throw error;
  }
}
