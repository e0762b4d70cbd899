import { requestAlertsAfterSync } from "@/lib/alerts/request";
import { requestAttributionAfterNewHistory } from "@/lib/attribution/request";
import { isConnectorError } from "@/lib/connectors/common/errors";
import { isProviderKey, PROVIDERS } from "@/lib/connectors/registry";
import { alertAdminsOnce } from "@/lib/connections/alerts";
import { SYNC_INTERVAL_MS } from "@/lib/connections/service";
import { db } from "@/lib/db/client";
import { SYNC_ENGINES } from "@/lib/engines";
import type { JobContext } from "@/lib/jobs/define";
import { PermanentJobError, RetryLaterError, rootCause } from "@/lib/jobs/errors";
import { localContext } from "@/lib/jobs/local";
import { recomputeEveryoneNow } from "@/lib/activity/request";
import { requestLtvFitAfterNewHistory } from "@/lib/ltv/request";
import { refreshDirtyRollupsQuietly } from "@/lib/metrics/rollups/refresh";
import { analyzeAllFactTables } from "@/lib/metrics/rollups/rollup";
import type { RunOverrides, SliceBudget, SyncEngine } from "./engine-contract";
import { classifyFailure } from "./failures";
import { getRun, updateRun } from "./runs";
import type { SyncScope } from "./scope";
import { logger } from "@/lib/log";

const log = logger("sync");

// Works one sync run to its end, whichever engine syncs the connection and whichever backend runs
// the job: each slice is a step that commits its own checkpoint, so a retry (or a restarted
// process) resumes at the last committed slice.

// A run that ends after its connection was disconnected must not bring the connection back.
const liveConnection = (scope: SyncScope) => ({ workspaceId: scope.workspaceId, id: scope.connectionId, status: { not: "disconnected" as const } });
const FINISHED = ["succeeded", "failed", "cancelled"];

async function markStarted(scope: SyncScope): Promise<void> {
  await db.connection.updateMany({ where: liveConnection(scope), data: { status: "syncing", lastSyncAt: new Date() } });
}

async function completeRun(scope: SyncScope, runId: string, kind: string): Promise<void> {
  const now = new Date();
  await updateRun(scope, runId, { status: "succeeded", finishedAt: now, error: null, errorCode: null });
  // Once a run is done its total is known exactly: what it read.
  await db.$executeRaw`UPDATE sync_runs SET rows_expected = rows_read, rows_expected_estimated = false
    WHERE workspace_id = ${scope.workspaceId} AND connection_id = ${scope.connectionId} AND id = ${runId} AND rows_expected IS NOT NULL`;
  await db.connection.updateMany({
    where: liveConnection(scope),
    data: { status: "active", lastSuccessAt: now, nextSyncAt: new Date(now.getTime() + SYNC_INTERVAL_MS), lastError: null, lastErrorAt: null, alertedAt: null },
  });
  // A backfill's rows are most of what its rollups read: the planner must know of them first.
  if (kind === "backfill") await analyzeAllFactTables();
  await refreshDirtyRollupsQuietly(scope.workspaceId);
  // Its customers' profiles were just built: scored in the same step, so they are never listed
  // without their activity for longer than this takes.
  if (kind === "backfill") await recomputeEveryoneNow(scope.workspaceId);
  // The new data may open or resolve an incident; judged from the refreshed rollups.
  await requestAlertsAfterSync(scope.workspaceId);
}

/**
 * Records a failure on the run and the connection; a lost authorisation also emails the admins once.
 * A run already finished is left as it is, so a failure recorded where it happened is not
 * overwritten by the backend's later, less precise report of the same failure.
 */
export async function failRun(scope: SyncScope, runId: string, thrown: unknown): Promise<void> {
  const run = await getRun(scope, runId);
  if (run && FINISHED.includes(run.status)) return;
  const error = rootCause(thrown);
  const connection = await db.connection.findFirst({
    where: { workspaceId: scope.workspaceId, id: scope.connectionId },
    select: { provider: true, externalAccountId: true, displayName: true },
  });
  const failure = classifyFailure(error, connection ?? undefined);
  const now = new Date();
  log.error("run failed", { runId, workspaceId: scope.workspaceId, connectionId: scope.connectionId, code: failure.code, message: failure.message });
  await updateRun(scope, runId, { status: "failed", finishedAt: now, error: failure.message, errorCode: failure.code });
  await db.connection.updateMany({
    where: liveConnection(scope),
    data: {
      status: failure.status,
      lastError: failure.message,
      lastErrorAt: now,
      // A broken token cannot fix itself; anything else is tried again at the next interval.
      nextSyncAt: failure.status === "needs_reauth" ? null : new Date(now.getTime() + SYNC_INTERVAL_MS),
    },
  });
  if (failure.status === "needs_reauth") {
    const kind = connection && isProviderKey(connection.provider) ? PROVIDERS[connection.provider].kind : null;
    const what = connection && kind !== "store" ? connection.displayName : "a store connection";
    await alertAdminsOnce(scope, { subject: `${what} needs to be reconnected`, body: failure.message });
  }
}

/** The engine that syncs the connection's kind of provider. */
async function engineFor(scope: SyncScope): Promise<SyncEngine> {
  const connection = await db.connection.findFirst({ where: { workspaceId: scope.workspaceId, id: scope.connectionId }, select: { provider: true } });
  if (!connection) throw new Error(`Connection ${scope.connectionId} not found.`);
  if (!isProviderKey(connection.provider)) throw new PermanentJobError(`"${connection.provider}" is not a provider Signalboard knows.`);
  const load = SYNC_ENGINES[PROVIDERS[connection.provider].kind];
  if (!load) throw new PermanentJobError(`${PROVIDERS[connection.provider].label} connections have nothing to sync.`);
  return load();
}

/** A slice's failure as the job backends understand it: final, to be retried later, or retried now. */
async function asJobFailure(scope: SyncScope, runId: string, error: unknown): Promise<unknown> {
  if (!classifyFailure(error).retryable) {
    // Recorded here, with the platform's own error, before the backend gives up on the job.
    await failRun(scope, runId, error);
    return new PermanentJobError((error as Error)?.message ?? String(error), { cause: error });
  }
  if (isConnectorError(error) && error.retryAfterMs) return new RetryLaterError(error.message, error.retryAfterMs, { cause: error });
  return error;
}

export type WorkOptions = { budget?: SliceBudget; overrides?: RunOverrides };

/** Works the run in steps of `context`; throws what a slice threw (mapped to the job errors). */
export async function workRun(scope: SyncScope, runId: string, context: JobContext, options: WorkOptions = {}): Promise<void> {
  const overrides = options.overrides ?? {};
  const engine = await engineFor(scope);
  const started = await context.step("mark-started", async () => {
    const run = await getRun(scope, runId);
    if (!run) throw new PermanentJobError(`Sync run ${runId} not found.`);
    if (FINISHED.includes(run.status)) return null;
    await markStarted(scope);
    await engine.prepare?.(scope, runId, overrides);
    return { kind: run.kind };
  });
  if (!started) return;
  for (let slice = 0; ; slice++) {
    const result = await context.step(`slice-${slice}`, async () => {
      try {
        const outcome = await engine.slice(scope, runId, options.budget ?? {}, overrides);
        // Backfills touch most days again and again; their rollups are refreshed once, at the end.
        if (!outcome.done && started.kind !== "backfill") await refreshDirtyRollupsQuietly(scope.workspaceId);
        return outcome;
      } catch (error) {
        throw await asJobFailure(scope, runId, error);
      }
    });
    if (result.done) break;
    if (result.waitMs) await context.sleep(`wait-${slice}`, result.waitMs);
  }
  await context.step("complete", () => completeRun(scope, runId, started.kind));
  // A backfill brings whole customer histories (a new store's, the demo's on first start): fit
  // the LTV model and the data-driven attribution models on them now rather than tonight.
  if (started.kind === "backfill") {
    await context.step("request-ltv-fit", () => requestLtvFitAfterNewHistory(scope.workspaceId));
    await context.step("request-attribution-fit", () => requestAttributionAfterNewHistory(scope.workspaceId));
  }
}

/** Runs a whole sync in this process, now (CLI, benchmarks, tests); a failure is recorded, not thrown. */
export async function executeRun(
  scope: SyncScope,
  runId: string,
  options: RunOverrides & { sleep?: (ms: number) => Promise<void>; budget?: SliceBudget } = {},
): Promise<"succeeded" | "failed"> {
  try {
    const run = await getRun(scope, runId);
    if (!run) throw new Error(`Sync run ${runId} not found.`);
    if (FINISHED.includes(run.status)) return run.status === "succeeded" ? "succeeded" : "failed";
    await workRun(scope, runId, localContext(options.sleep), { budget: options.budget, overrides: { source: options.source, adProvider: options.adProvider, crm: options.crm, ownedSource: options.ownedSource } });
    return "succeeded";
  } catch (error) {
    await failRun(scope, runId, error);
    return "failed";
  }
}
