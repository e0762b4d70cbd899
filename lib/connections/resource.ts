import type { ProviderKey } from "@/lib/connectors/registry";
import { connectionHealth, type ConnectionHealthView } from "./health";
import { AppError } from "@/lib/errors";
import { getConnection, listConnections, type ConnectionRow } from "./service";
import { requestSync } from "@/lib/sync/dispatch";
import { runProgress } from "@/lib/sync/progress";
import { getRun, type RunRange } from "@/lib/sync/runs";
import { addDays, startOfLocalDay } from "@/lib/time/zone";
import { parseInput } from "@/lib/validation";
import { ZSyncRequestSchema, type TConnectionView, type TSyncAccepted, type TSyncRequest } from "./schema";

// Connections as the REST API shows them, and syncs requested through it. Only the fields named
// here leave the server: credentials and settings stay behind.

type Workspace = { id: string; timeZone: string };

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/**
 * A stored needs_reauth, or an authorisation that lapsed before any sync noticed: either way the
 * next sync would be refused, so callers are told before they try.
 */
function needsReauth(status: string, health: ConnectionHealthView | undefined): boolean {
  if (status === "disconnected") return false;
  return status === "needs_reauth" || health?.token?.state === "expired";
}

function viewOf(c: ConnectionRow, health: ConnectionHealthView | undefined): TConnectionView {
  const run = c.activeRun;
  const progress = run && runProgress(run);
  return {
    id: c.id,
    // Only the registry's keys are ever stored (connections are created by code that names one).
    provider: c.provider as ProviderKey,
    account: { id: c.externalAccountId, name: c.displayName },
    status: c.status,
    needs_reauth: needsReauth(c.status, health),
    last_synced_at: iso(c.lastSuccessAt),
    last_attempt_at: iso(c.lastSyncAt),
    next_sync_at: iso(c.nextSyncAt),
    last_error: c.lastError,
    time_zone: c.timeZone,
    currency: c.currency,
    current_run: run && progress
      ? {
          id: run.id,
          kind: run.kind,
          // listConnections only returns unfinished runs.
          status: run.status as "queued" | "running",
          rows_read: run.rowsRead,
          rows_written: run.rowsWritten,
          rows_expected: progress.total,
          rows_expected_estimated: progress.estimated,
          percent: progress.percent,
          queued_at: run.queuedAt.toISOString(),
          started_at: iso(run.startedAt),
        }
      : null,
  };
}

/** Every connection of the workspace, oldest first, with its freshness and the sync in progress. */
export async function listConnectionViews(workspaceId: string, now = new Date()): Promise<TConnectionView[]> {
  const [connections, health] = await Promise.all([listConnections(workspaceId), connectionHealth(workspaceId, { now })]);
  return connections.map((c) => viewOf(c, health.get(c.id)));
}

/** The run a request asks for: a dated backfill re-pulls the instants bounding those local days. */
export function runOfRequest(request: TSyncRequest, timeZone: string): { kind: "incremental" | "backfill" | "manual"; range: RunRange } {
  if (request.kind === "incremental") return { kind: "incremental", range: {} };
  if (!request.from && !request.to) return { kind: "backfill", range: {} };
  return {
    kind: "manual",
    range: {
      from: request.from ? startOfLocalDay(request.from, timeZone) : null,
      // The end day is inclusive: the range stops at the midnight that starts the next one.
      to: request.to ? startOfLocalDay(addDays(request.to, 1), timeZone) : null,
    },
  };
}

/**
 * Asks for a sync of one of the workspace's connections. Another workspace's connection is a 404
 * before the body is even read, so nothing about it can be learned from the answer.
 */
export async function requestConnectionSync(workspace: Workspace, connectionId: string, input: unknown, now = new Date()): Promise<TSyncAccepted> {
  const scope = { workspaceId: workspace.id, connectionId };
  const connection = await getConnection(scope);
  const request = parseInput(ZSyncRequestSchema, input);
  if (connection.status === "disconnected") {
    throw new AppError("conflict", "This connection is disconnected. Connect the account again before syncing it.");
  }
  const health = await connectionHealth(workspace.id, { now, connectionId });
  if (needsReauth(connection.status, health.get(connectionId))) {
    throw new AppError("conflict", "This connection has lost its authorisation, so a sync would fail. An admin must reconnect it under Connections first.");
  }
  const { kind, range } = runOfRequest(request, workspace.timeZone);
  const { runId, reused } = await requestSync(scope, kind, range);
  // A local sync may already have moved the run on; say where it is now.
  const run = await getRun(scope, runId);
  return { run: { id: runId, kind, status: run?.status ?? "queued", reused } };
}
