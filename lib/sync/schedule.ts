import { requestSync } from "./dispatch";
import type { SyncScope } from "@/lib/sync/scope";

/** A new connection loads its full history first; incremental syncs follow from its end. */
export async function startInitialSync(scope: SyncScope): Promise<void> {
  await requestSync(scope, "backfill");
}
