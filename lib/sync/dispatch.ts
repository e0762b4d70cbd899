import type { SyncKind } from "@/lib/db/generated/client";
import { getPool } from "@/lib/db/pool";
import type { SyncScope } from "@/lib/sync/scope";
import { executeRun } from "./runner";
import { openRun, type RunRange } from "./runs";

// Where a requested sync runs: as a durable Inngest function when an Inngest server is
// configured, otherwise in this process, one run per connection at a time.

export function inngestEnabled(): boolean {
  return Boolean(process.env.INNGEST_EVENT_KEY || process.env.INNGEST_DEV);
}

const local = new Map<string, Promise<unknown>>();

/**
 * Runs a sync here while holding a Postgres advisory lock on the connection, so two processes
 * (a CLI and a server, or two servers) never sync one connection at the same time.
 */
export async function runLocally(scope: SyncScope, runId: string): Promise<"succeeded" | "failed" | "busy"> {
  const client = await getPool().connect();
  try {
    const { rows } = await client.query("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [`sync:${scope.connectionId}`]);
    if (!rows[0]?.locked) return "busy";
    try {
      return await executeRun(scope, runId);
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [`sync:${scope.connectionId}`]);
    }
  } finally {
    client.release();
  }
}

function enqueueLocal(scope: SyncScope, runId: string): void {
  const previous = local.get(scope.connectionId) ?? Promise.resolve();
  const next = previous
    .catch(() => {})
    .then(() => runLocally(scope, runId))
    .catch((error) => console.error(`[sync] local run ${runId} crashed`, error))
    .finally(() => {
      if (local.get(scope.connectionId) === next) local.delete(scope.connectionId);
    });
  local.set(scope.connectionId, next);
}

/** Asks for a sync; an unfinished run of the same kind is resumed rather than duplicated. */
export async function requestSync(scope: SyncScope, kind: SyncKind, range: RunRange = {}): Promise<{ runId: string; reused: boolean }> {
  const run = await openRun(scope, kind, range);
  if (inngestEnabled()) {
    if (!run.reused) {
      const { sendSyncRequested } = await import("@/inngest/send");
      await sendSyncRequested({ ...scope, runId: run.runId });
    }
  } else if (!run.reused || !local.has(scope.connectionId)) {
    enqueueLocal(scope, run.runId);
  }
  return run;
}

/** Resolves when this process has no local sync left to run (tests, CLI). */
export async function localSyncsSettled(): Promise<void> {
  while (local.size) await Promise.allSettled([...local.values()]);
}
