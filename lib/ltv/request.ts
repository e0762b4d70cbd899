import { db } from "@/lib/db/client";
import { enqueue } from "@/lib/jobs/enqueue";
import { parseInput } from "@/lib/validation";
import type { FitLtvJob } from "./job-payloads";
import { fitLtvModelJob } from "./jobs";
import { ZLtvFitRequestSchema } from "./schema";
import { logger } from "@/lib/log";

const log = logger("ltv");

// Asking for a fit: from the API and the model page, after a whole-workspace rollup rebuild, after
// a store's backfill, and nightly. Asks within the same minute are one fit.

export function fitJob(workspaceId: string, at = new Date()): FitLtvJob {
  return { workspaceId, requestedAt: at.toISOString().slice(0, 16) };
}

/** When a fit was asked for, as an instant: a fit stored at or after it answers the ask. */
export const requestedAtOf = (job: FitLtvJob) => `${job.requestedAt}:00.000Z`;

/** Workspaces with at least one customer profile (`only` narrows it to one, if it has). */
export async function workspacesWithCustomers(only?: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT w.id FROM workspaces w
    WHERE (${only ?? null}::text IS NULL OR w.id = ${only ?? null})
      AND EXISTS (SELECT 1 FROM customer_profiles p WHERE p.workspace_id = w.id)
    ORDER BY w.id`;
  return rows.map((r) => r.id);
}

/** Queues a fit of the workspace; returns when it was asked for. */
export async function requestLtvFit(workspaceId: string, at = new Date()): Promise<FitLtvJob> {
  const job = fitJob(workspaceId, at);
  await enqueue(fitLtvModelJob, job);
  return job;
}

/**
 * After new history arrived in bulk (a finished rebuild, a backfill): a fit, if the workspace has
 * customers to fit on. Never fails the work that calls it: the nightly fit comes regardless.
 */
export async function requestLtvFitAfterNewHistory(workspaceId: string): Promise<boolean> {
  try {
    if ((await workspacesWithCustomers(workspaceId)).length === 0) return false;
    await requestLtvFit(workspaceId);
    return true;
  } catch (error) {
    log.error("could not queue a fit", { workspaceId, err: error });
    return false;
  }
}

/** The API's fit request: an empty body or `{}`; answers where to watch for the result. */
export async function acceptLtvFitRequest(workspace: { id: string; slug: string }, body: unknown) {
  parseInput(ZLtvFitRequestSchema, body);
  const job = await requestLtvFit(workspace.id);
  return { status: "queued" as const, requested_at: requestedAtOf(job), poll: `/api/v1/workspaces/${workspace.slug}/models/ltv` };
}
