import type { PoolClient } from "pg";
import { getPool, inTransaction, utc } from "@/lib/db/pool";
import { db } from "@/lib/db/client";
import { commitInBatches } from "./batches";
import { hasNoOrders, settleDeferredOrders } from "./deferred";
import { upsertCustomers, upsertOrderBundles, upsertProductBundles } from "./ingest";
import type { SyncScope } from "@/lib/sync/scope";
import { ESTIMATE_HEADROOM } from "@/lib/sync/progress";
import { getRun, updateRun } from "@/lib/sync/runs";
import { hasBulkExport, type BulkExport, type OrdersPage, type Page, type StoreSource, type Window } from "@/lib/connectors/contracts/store-source";
import type { CustomerFact, OrderBundle, ProductBundle } from "@/lib/connectors/contracts/store-facts";

// One sync run is a sequence of slices. Each slice does a bounded amount of work and commits it
// together with the run's checkpoint (and, for paged reads, the resource cursor), so a crash or a
// retry resumes exactly where the last commit left off: nothing lost, nothing written twice.

export const INCREMENTAL_OVERLAP_MS = 5 * 60 * 1000;
export const BULK_BATCH_ORDERS = 5_000;
const EPOCH = new Date("2000-01-01T00:00:00Z");

type Resource = "products" | "customers" | "orders";

type PagedCheckpoint = {
  mode: "paged";
  resources: Resource[];
  index: number;
  after: string | null;
  windows: Record<Resource, { from: string; to: string } | undefined>;
  /** Restatement re-reads a window without moving cursors back. */
  moveCursor: boolean;
  /**
   * A backfill into a connection with no orders: pages skip their dirty-day marks and exception
   * judging, done once for the whole connection with the last page of orders (./deferred.ts).
   */
  deferred?: boolean;
};

type BulkCheckpoint =
  | { mode: "bulk"; phase: "start" }
  | { mode: "bulk"; phase: "wait"; operationId: string }
  | { mode: "bulk"; phase: "read"; operationId: string; url: string | null; line: number }
  | { mode: "bulk"; phase: "children"; paged: PagedCheckpoint };

export type Checkpoint = PagedCheckpoint | BulkCheckpoint;

export type SliceResult = { done: boolean; waitMs?: number };

export type SliceBudget = { pages?: number; batches?: number; batchSize?: number };

async function cursorOf(scope: SyncScope, resource: Resource): Promise<Date | null> {
  const row = await db.syncCursor.findUnique({
    where: { workspaceId_connectionId_resource: { workspaceId: scope.workspaceId, connectionId: scope.connectionId, resource } },
    select: { value: true },
  });
  return row?.value ?? null;
}

/** Moves a cursor forward only, inside the transaction that committed the data it covers. */
async function advanceCursor(client: PoolClient, scope: SyncScope, resource: Resource, value: Date): Promise<void> {
  await client.query(
    `INSERT INTO sync_cursors (workspace_id, connection_id, resource, value, updated_at) VALUES ($1, $2, $3, $4::timestamp(3), now())
     ON CONFLICT (workspace_id, connection_id, resource) DO UPDATE SET value = GREATEST(sync_cursors.value, EXCLUDED.value), updated_at = now()`,
    [scope.workspaceId, scope.connectionId, resource, utc(value)],
  );
}

async function saveProgress(
  client: PoolClient,
  scope: SyncScope,
  runId: string,
  progress: { checkpoint: Checkpoint; read: number; written: number; expected?: number | null; remaining?: number | null },
): Promise<void> {
  // The export's object count leaves out the products and customers read after it, so the total
  // is an estimate: once rows read pass it, it grows (as lib/sync/progress.ts grownEstimate does).
  // A page that says how many rows remain from it on ($9) makes the total what was read before it
  // plus those: rows modified meanwhile, and the few a walk reads twice, keep it an estimate.
  await client.query(
    `UPDATE sync_runs SET checkpoint = $4::jsonb, rows_read = rows_read + $5, rows_written = rows_written + $6,
       rows_expected = CASE
         WHEN COALESCE($7, rows_read + $9, rows_expected) IS NULL OR rows_read + $5 <= COALESCE($7, rows_read + $9, rows_expected)
           THEN COALESCE($7, rows_read + $9, rows_expected)
         ELSE CEIL((rows_read + $5) * $8::numeric)::int
       END,
       rows_expected_estimated = rows_expected_estimated OR COALESCE($7, rows_read + $9, rows_expected) IS NOT NULL
     WHERE workspace_id = $1 AND connection_id = $2 AND id = $3`,
    [
      scope.workspaceId, scope.connectionId, runId, JSON.stringify(progress.checkpoint), progress.read, progress.written,
      progress.expected ?? null, ESTIMATE_HEADROOM, progress.remaining ?? null,
    ],
  );
}

/**
 * The checkpoint a new run starts from. A backfill (or a re-sync of a range) goes through the
 * store's bulk export when it has one; otherwise it pages through products, customers and orders
 * updated in the range (all of history when none is given), moving the cursors as it goes only
 * when it reads all of history, so incremental syncs take over from where it ended.
 */
export async function initialCheckpoint(
  scope: SyncScope,
  kind: "backfill" | "incremental" | "restatement" | "manual" | "webhook",
  range: { from?: Date | null; to?: Date | null } = {},
  options: { bulk?: boolean } = {},
): Promise<Checkpoint> {
  const now = range.to ?? new Date();
  const resources: Resource[] = ["products", "customers", "orders"];
  const windows = {} as PagedCheckpoint["windows"];
  if (kind === "backfill" || kind === "manual") {
    if (options.bulk ?? true) return { mode: "bulk", phase: "start" };
    for (const resource of resources) windows[resource] = { from: (range.from ?? EPOCH).toISOString(), to: now.toISOString() };
    const deferred = await hasNoOrders(getPool(), scope);
    return { mode: "paged", resources, index: 0, after: null, windows, moveCursor: !range.from && !range.to, deferred };
  }
  for (const resource of resources) {
    const from =
      kind === "restatement"
        ? (range.from ?? new Date(now.getTime() - 3 * 86_400_000))
        : new Date(((await cursorOf(scope, resource)) ?? EPOCH).getTime() - INCREMENTAL_OVERLAP_MS);
    windows[resource] = { from: from.toISOString(), to: now.toISOString() };
  }
  return { mode: "paged", resources, index: 0, after: null, windows, moveCursor: kind !== "restatement" };
}

type PageRead = { resource: Resource; window: { from: string; to: string }; result: Page<OrderBundle> | Page<CustomerFact> | Page<ProductBundle> };

/** The page a paged checkpoint points at, read from the source; null once every resource is read. */
function readPageAt(source: StoreSource, state: PagedCheckpoint): Promise<PageRead> | null {
  const resource = state.resources[state.index];
  if (!resource) return null;
  const w = state.windows[resource]!;
  const window: Window = { updatedFrom: new Date(w.from), updatedTo: new Date(w.to), after: state.after };
  const result =
    resource === "orders" ? source.ordersPage(window) : resource === "customers" ? source.customersPage(window) : source.productsPage(window);
  return (result as Promise<PageRead["result"]>).then((page) => ({ resource, window: w, result: page }));
}

async function writePage(client: PoolClient, scope: SyncScope, read: PageRead, deferred: boolean, runId: string): Promise<number> {
  const options = { deferred, runId };
  if (read.resource === "orders") {
    // Customers first: the orders' exception and rollup marks then see their newest emails.
    const customers = (read.result as OrdersPage).customers ?? [];
    const written = customers.length ? (await upsertCustomers(scope, customers, client, options)).rows : 0;
    return written + (await upsertOrderBundles(scope, read.result.items as OrderBundle[], client, options)).rows;
  }
  if (read.resource === "customers") return (await upsertCustomers(scope, read.result.items as CustomerFact[], client, options)).rows;
  return (await upsertProductBundles(scope, read.result.items as ProductBundle[], client)).rows;
}

async function pagedSlice(scope: SyncScope, runId: string, source: StoreSource, checkpoint: PagedCheckpoint, pages: number, wrap: (c: PagedCheckpoint) => Checkpoint): Promise<SliceResult> {
  let state = checkpoint;
  let pending = readPageAt(source, state);
  for (let page = 0; page < pages && pending; page++) {
    const read = await pending;
    const { nextCursor, maxUpdatedAt } = read.result;
    const next: PagedCheckpoint = nextCursor ? { ...state, after: nextCursor } : { ...state, index: state.index + 1, after: null };
    // The next page is read (parsed and transformed in this process) while this one is written
    // (in Postgres): the two overlap instead of taking turns. A failed write drops the read.
    pending = page + 1 < pages ? readPageAt(source, next) : null;
    pending?.catch(() => {});
    const current = state;
    await inTransaction(async (client) => {
      const deferred = current.deferred === true;
      const written = await writePage(client, scope, read, deferred, runId);
      // The last page of orders settles the whole connection in its own commit: a crash before
      // it leaves the checkpoint on this page, so a retry settles then.
      if (deferred && read.resource === "orders" && !nextCursor) await settleDeferredOrders(client, scope);
      // Pages come sorted by updated_at, so everything up to this page's newest row is committed.
      if (current.moveCursor && maxUpdatedAt) await advanceCursor(client, scope, read.resource, maxUpdatedAt);
      if (current.moveCursor && !nextCursor) await advanceCursor(client, scope, read.resource, new Date(read.window.to));
      await saveProgress(client, scope, runId, { checkpoint: wrap(next), read: read.result.items.length, written, remaining: read.result.remaining });
    });
    state = next;
  }
  return { done: state.index >= state.resources.length };
}

async function bulkSlice(scope: SyncScope, runId: string, source: StoreSource & BulkExport, checkpoint: BulkCheckpoint, budget: SliceBudget): Promise<SliceResult> {
  const run = (await getRun(scope, runId))!;
  const save = (next: Checkpoint, extra: { read?: number; written?: number; expected?: number | null } = {}) =>
    inTransaction((client) => saveProgress(client, scope, runId, { checkpoint: next, read: extra.read ?? 0, written: extra.written ?? 0, expected: extra.expected }));

  switch (checkpoint.phase) {
    case "start": {
      const { operationId } = await source.startBulkOrders({ createdFrom: run.rangeFrom, createdTo: run.rangeTo });
      await save({ mode: "bulk", phase: "wait", operationId });
      return { done: false };
    }
    case "wait": {
      const status = await source.bulkStatus(checkpoint.operationId);
      if (status.status === "CREATED" || status.status === "RUNNING") {
        await save(checkpoint, { expected: status.objectCount || null });
        return { done: false, waitMs: 2_000 };
      }
      if (status.status !== "COMPLETED") {
        throw Object.assign(new Error(`Shopify's bulk export ended as ${status.status}${status.errorCode ? ` (${status.errorCode})` : ""}.`), {
          code: "bulk_failed",
        });
      }
      await save({ mode: "bulk", phase: "read", operationId: checkpoint.operationId, url: status.url, line: 1 }, { expected: status.objectCount });
      return { done: false };
    }
    case "read": {
      if (checkpoint.url) {
        let state = checkpoint;
        const { exhausted } = await commitInBatches(
          source.bulkOrders(checkpoint.url, { fromLine: checkpoint.line }),
          async (bundles, throughLine) => {
            const next = { ...state, line: throughLine };
            await inTransaction(async (client) => {
              const { rows } = await upsertOrderBundles(scope, bundles, client);
              await saveProgress(client, scope, runId, { checkpoint: next, read: throughLine - state.line, written: rows });
            });
            state = next;
          },
          { batchSize: budget.batchSize ?? BULK_BATCH_ORDERS, maxBatches: budget.batches },
        );
        if (!exhausted) return { done: false };
      }
      // A full-history backfill hands over to incremental syncs from the moment it began.
      if (!run.rangeFrom && !run.rangeTo) {
        await inTransaction(async (client) => {
          await advanceCursor(client, scope, "orders", run.startedAt ?? run.queuedAt);
        });
      }
      const paged = await initialCheckpoint(scope, "incremental");
      const children: PagedCheckpoint = { ...(paged as PagedCheckpoint), resources: ["products", "customers"] };
      await save({ mode: "bulk", phase: "children", paged: children });
      return { done: false };
    }
    case "children":
      return pagedSlice(scope, runId, source, checkpoint.paged, budget.pages ?? 20, (paged) => ({ mode: "bulk", phase: "children", paged }));
  }
}

/** Runs one bounded slice of a run and commits it. */
export async function runSlice(scope: SyncScope, runId: string, source: StoreSource, budget: SliceBudget = {}): Promise<SliceResult> {
  const run = await getRun(scope, runId);
  if (!run) throw new Error(`Sync run ${runId} not found.`);
  if (!run.startedAt) await updateRun(scope, runId, { status: "running", startedAt: new Date() });
  const saved = run.checkpoint as unknown as Partial<Checkpoint>;
  const state: Checkpoint = saved.mode
    ? (saved as Checkpoint)
    : await initialCheckpoint(scope, run.kind, { from: run.rangeFrom, to: run.rangeTo }, { bulk: hasBulkExport(source) });
  if (state.mode === "paged") return pagedSlice(scope, runId, source, state, budget.pages ?? 20, (c) => c);
  if (!hasBulkExport(source)) throw new Error("This run was started through a bulk export, which this store does not offer.");
  return bulkSlice(scope, runId, source, state, budget);
}
