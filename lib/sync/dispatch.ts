import { assertConnectionNotPaused } from "@/lib/billing/connection-limits";
import type { SyncKind } from "@/lib/db/generated/client";
import { jobBackend } from "@/lib/jobs/backend";
import { enqueue } from "@/lib/jobs/enqueue";
import { isQueuedLocally, runLocalJob } from "@/lib/jobs/local";
import { syncConnectionJob } from "./jobs";
import { openRun, type RunRange } from "./runs";
import type { SyncScope } from "./scope";

/**
 * Asks for a sync; an unfinished run of the same kind is resumed rather than duplicated. A
 * connection paused over the plan's limit is refused (402), whoever asks.
 */
export async function requestSync(scope: SyncScope, kind: SyncKind, range: RunRange = {}): Promise<{ runId: string; reused: boolean }> {
  await assertConnectionNotPaused(scope);
  const run = await openRun(scope, kind, range);
  const job = { ...scope, runId: run.runId };
  // A reused run already has a job on its way, unless this process lost it (a restart).
  if (!run.reused || (jobBackend() === "local" && !isQueuedLocally(syncConnectionJob, job))) await enqueue(syncConnectionJob, job);
  return run;
}

/** Runs a sync here and now, under the connection's lock (the CLI); "busy" when another process syncs it. */
export async function runLocally(scope: SyncScope, runId: string): Promise<"succeeded" | "failed" | "busy"> {
  const outcome = await runLocalJob(syncConnectionJob, { ...scope, runId });
  if (outcome === "busy") return "busy";
  return outcome === "done" ? "succeeded" : "failed";
}
