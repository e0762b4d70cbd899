import { requestSync } from "./dispatch";
import type { SyncScope } from "./ingest";

/** A new connection loads its full history first; incremental syncs follow from its end. */
export async function startInitialSync(scope: SyncScope): Promise<void> {
  await requestSync(scope, "backfill");
}
