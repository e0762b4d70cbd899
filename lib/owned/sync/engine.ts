import type { OwnedSource } from "@/lib/connectors/contracts/owned-source";
import { isProviderKey, ownedProvider, PROVIDERS } from "@/lib/connectors/registry";
import { getConnection } from "@/lib/connections/service";
import { openJson } from "@/lib/crypto/secrets";
import { db } from "@/lib/db/client";
import type { Prisma } from "@/lib/db/generated/client";
import { PermanentJobError } from "@/lib/jobs/errors";
import { OWNED_SOURCES, type TOwnedSource } from "@/lib/owned/types";
import type { RunOverrides, SliceBudget, SliceResult, SyncEngine } from "@/lib/sync/engine-contract";
import { getRun } from "@/lib/sync/runs";
import type { SyncScope } from "@/lib/sync/scope";
import { ingestEvents, storedCatalog, upsertCatalog, upsertTotals, type IngestContext } from "./ingest";
import { requestOwnedReportRefresh } from "../report/request";

// The owned-channel sync engine: a messaging platform's catalog, then its events over the run's
// window page by page, then (on a backfill or restatement, its reports being rate-limited) its own
// totals. Each step commits its rows, the run's checkpoint and its counts in one transaction, so a
// failure (a key revoked mid-run) leaves every committed page whole and the next run resumes at
// the last one; the events cursor moves only when a window has been read to its end.
// Nothing here knows a platform: the registry's provider reads it, lib/connectors/contracts says how.

/** The resource name of the events high-water mark in sync_cursors. */
export const EVENTS_CURSOR = "owned_events";
/** The platform's totals are asked for over the last year (the longest period its reports take). */
const TOTALS_SPAN_MS = 365 * 86_400_000;
/** An incremental run re-reads this much before the last mark: engagement events arrive late. */
export const INCREMENTAL_OVERLAP_MS = 2 * 3_600_000;
const DEFAULT_PAGES_PER_SLICE = 20;

type Phase = "catalog" | "events" | "totals" | "done";
type Checkpoint = { phase: Phase; from: string; to: string; cursor: string | null; totals: boolean; skipped: Record<string, number> };

function checkpointOf(value: Prisma.JsonValue): Checkpoint | null {
  const c = value as Partial<Checkpoint> | null;
  return c && typeof c.phase === "string" && typeof c.from === "string" && typeof c.to === "string"
    ? { phase: c.phase, from: c.from, to: c.to, cursor: c.cursor ?? null, totals: c.totals === true, skipped: c.skipped ?? {} }
    : null;
}

/** The window a run reads: a backfill its history, an incremental since the last mark, a restatement or re-sync its range. */
async function firstCheckpoint(scope: SyncScope, run: { kind: string; rangeFrom: Date | null; rangeTo: Date | null }, historyDays: number, now: Date): Promise<Checkpoint> {
  const to = run.rangeTo ?? now;
  let from: Date;
  if (run.kind === "backfill") from = run.rangeFrom ?? new Date(to.getTime() - historyDays * 86_400_000);
  else if (run.kind === "incremental" || run.kind === "webhook") {
    const mark = await db.syncCursor.findUnique({ where: { workspaceId_connectionId_resource: { ...scope, resource: EVENTS_CURSOR } }, select: { value: true } });
    from = new Date((mark?.value ?? new Date(to.getTime() - 86_400_000)).getTime() - INCREMENTAL_OVERLAP_MS);
  } else from = run.rangeFrom ?? new Date(to.getTime() - 3 * 86_400_000);
  const totals = run.kind === "backfill" || run.kind === "restatement";
  return { phase: "catalog", from: from.toISOString(), to: to.toISOString(), cursor: null, totals, skipped: {} };
}

async function contextOf(scope: SyncScope, overrides: RunOverrides): Promise<{ ctx: IngestContext; source: OwnedSource; historyDays: number }> {
  const connection = await getConnection(scope);
  if (connection.status === "disconnected") throw new PermanentJobError("This connection was disconnected.");
  if (!isProviderKey(connection.provider) || !(OWNED_SOURCES as readonly string[]).includes(connection.provider)) {
    throw new PermanentJobError(`"${connection.provider}" is not a messaging platform Signalboard syncs.`);
  }
  const provider = await ownedProvider(connection.provider);
  if (!provider) throw new PermanentJobError(`${PROVIDERS[connection.provider].label} has no owned-channel API.`);
  const workspace = await db.workspace.findUniqueOrThrow({ where: { id: scope.workspaceId }, select: { timeZone: true } });
  const source = overrides.ownedSource
    ?? (await provider.source({ ...scope, externalAccountId: connection.externalAccountId, credentials: openJson<unknown>(connection.credentials) }));
  return {
    ctx: { ...scope, source: connection.provider as TOwnedSource, timeZone: workspace.timeZone, currency: connection.currency ?? "USD" },
    source,
    historyDays: PROVIDERS[connection.provider].historyDays,
  };
}

async function save(tx: Prisma.TransactionClient, scope: SyncScope, runId: string, checkpoint: Checkpoint, counts: { read: number; written: number }) {
  await tx.syncRun.updateMany({
    where: { workspaceId: scope.workspaceId, connectionId: scope.connectionId, id: runId },
    data: { checkpoint, rowsRead: { increment: counts.read }, rowsWritten: { increment: counts.written } },
  });
  if (checkpoint.phase === "done" || checkpoint.phase === "totals") {
    // Only forward: a re-sync of an old range must not send the next incremental back in time.
    const to = new Date(checkpoint.to);
    await tx.$executeRaw`
      INSERT INTO sync_cursors (workspace_id, connection_id, resource, value, updated_at)
      VALUES (${scope.workspaceId}, ${scope.connectionId}, ${EVENTS_CURSOR}, ${to}, now())
      ON CONFLICT (workspace_id, connection_id, resource) DO UPDATE SET value = GREATEST(sync_cursors.value, EXCLUDED.value), updated_at = now()`;
  }
}

const addSkipped = (into: Record<string, number>, more: Record<string, number>) => {
  const out = { ...into };
  for (const [why, n] of Object.entries(more)) if (n) out[why] = (out[why] ?? 0) + n;
  return out;
};

async function slice(scope: SyncScope, runId: string, budget: SliceBudget, overrides: RunOverrides): Promise<SliceResult> {
  const run = await getRun(scope, runId);
  if (!run) throw new PermanentJobError(`Sync run ${runId} not found.`);
  const { ctx, source, historyDays } = await contextOf(scope, overrides);
  let checkpoint = checkpointOf(run.checkpoint) ?? (await firstCheckpoint(scope, run, historyDays, new Date()));
  const window = { from: new Date(checkpoint.from), to: new Date(checkpoint.to) };

  if (checkpoint.phase === "catalog") {
    const catalog = await source.catalog();
    const next: Checkpoint = { ...checkpoint, phase: "events" };
    await db.$transaction(async (tx) => {
      const written = await upsertCatalog(tx, ctx, catalog);
      await save(tx, scope, runId, next, { read: catalog.programs.length + catalog.templates.length, written });
    });
    return { done: false };
  }

  if (checkpoint.phase === "events") {
    const { catalog, ids } = await storedCatalog(ctx);
    for (let page = 0; page < (budget.pages ?? DEFAULT_PAGES_PER_SLICE); page++) {
      const batch = await source.events({ ...window, cursor: checkpoint.cursor }, catalog);
      const current: Checkpoint = checkpoint;
      const next: Checkpoint = await db.$transaction(async (tx) => {
        const { written, unmatched } = await ingestEvents(tx, ctx, ids, batch);
        const skipped = addSkipped(current.skipped, { ...batch.skipped, noSend: unmatched });
        const saved: Checkpoint = batch.nextCursor
          ? { ...current, cursor: batch.nextCursor, skipped }
          : { ...current, cursor: null, skipped, phase: current.totals ? "totals" : "done" };
        await save(tx, scope, runId, saved, { read: batch.read, written });
        return saved;
      });
      checkpoint = next;
      await requestOwnedReportRefresh(scope.workspaceId);
      if (next.phase !== "events") return { done: next.phase === "done" };
    }
    return { done: false };
  }

  if (checkpoint.phase === "totals") {
    // A message's totals are its last year's, whatever window the run read: each read replaces the last.
    const { catalog, ids } = await storedCatalog(ctx);
    const totals = await source.totals({ from: new Date(window.to.getTime() - TOTALS_SPAN_MS), to: window.to }, catalog);
    await db.$transaction(async (tx) => {
      const written = await upsertTotals(tx, ctx, ids, totals);
      await save(tx, scope, runId, { ...checkpoint, phase: "done" }, { read: totals.length, written });
    });
    return { done: true };
  }
  return { done: true };
}

export const ownedEngine: SyncEngine = { slice };
