import { getPool } from "@/lib/db/pool";
import { inngestEnabled } from "@/lib/sync/dispatch";
import { nextPendingRebuild, runRollupRebuild, workspacesWithPendingRebuilds } from "./rebuild-jobs";

// Without Inngest, rollup rebuilds run in the app process, one workspace's jobs in turn. A Postgres
// advisory lock keeps two processes (two servers, or a server and the CLI) off one workspace.

const local = new Map<string, Promise<unknown>>();
const lockKey = (workspaceId: string) => `rollup-rebuild:${workspaceId}`;

/** Works every unfinished job of the workspace, newest first (older ones are superseded by it). */
export async function drainRebuildsLocally(workspaceId: string): Promise<"done" | "busy"> {
  const client = await getPool().connect();
  try {
    const { rows } = await client.query("SELECT pg_try_advisory_lock(hashtext($1)) AS locked", [lockKey(workspaceId)]);
    if (!rows[0]?.locked) return "busy";
    try {
      for (let job = await nextPendingRebuild(workspaceId); job; job = await nextPendingRebuild(workspaceId)) {
        await runRollupRebuild(workspaceId, job.id);
      }
      return "done";
    } finally {
      await client.query("SELECT pg_advisory_unlock(hashtext($1))", [lockKey(workspaceId)]);
    }
  } finally {
    client.release();
  }
}

export function enqueueLocalRebuild(workspaceId: string): void {
  const previous = local.get(workspaceId) ?? Promise.resolve();
  const next = previous
    .catch(() => {})
    .then(() => drainRebuildsLocally(workspaceId))
    .catch((error) => console.error(`[rollups] local rebuild of workspace ${workspaceId} crashed`, error))
    .finally(() => {
      if (local.get(workspaceId) === next) local.delete(workspaceId);
    });
  local.set(workspaceId, next);
}

/** Picks up jobs a previous process left unfinished, or that another process could not start. */
export async function resumeUnfinishedRebuilds(): Promise<number> {
  // With Inngest, the durable function resumes its own jobs.
  if (inngestEnabled()) return 0;
  const workspaces = (await workspacesWithPendingRebuilds()).filter((id) => !local.has(id));
  for (const workspaceId of workspaces) enqueueLocalRebuild(workspaceId);
  return workspaces.length;
}

/** Resolves when this process has no local rebuild left to run (tests, CLI). */
export async function localRebuildsSettled(): Promise<void> {
  while (local.size) await Promise.allSettled([...local.values()]);
}
