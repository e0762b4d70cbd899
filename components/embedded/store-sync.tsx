"use client";

import type { TConnectionView } from "@/lib/connections/schema";

// The store connection's state in words: the backfill's progress while it runs, otherwise when
// it last synced and why the last sync failed, if it did.

// A fixed locale and the workspace's zone: the server renders this into the home's document and
// the browser must render the same text when it takes over.
const dateTime = (iso: string, timeZone?: string) => new Date(iso).toLocaleString("en-US", { dateStyle: "medium", timeStyle: "short", timeZone });

export function StoreSync({ store, loading, timeZone }: { store: TConnectionView | null; loading: boolean; timeZone?: string }) {
  if (loading) return <div className="embedded-card embedded-placeholder h-24" aria-hidden />;
  if (!store) {
    return (
      <div className="embedded-card" data-testid="embedded-store">
        <p className="text-sm text-[#616161]">The store&apos;s connection is being set up. Reload in a moment.</p>
      </div>
    );
  }
  const run = store.current_run;
  return (
    <div className="embedded-card" data-testid="embedded-store">
      <p className="text-sm font-semibold">{store.account.name}</p>
      {run ? (
        <div className="mt-3">
          <p className="text-sm" data-testid="embedded-sync-progress">
            {run.kind === "backfill" ? "Importing your order history" : "Syncing"}
            {run.status === "queued" ? ": waiting to start" : run.percent !== null ? `: ${run.percent}%` : "…"}
            {run.rows_read > 0 ? ` (${run.rows_read.toLocaleString("en-US")} records read)` : ""}
          </p>
          <div
            className="mt-2 h-2 overflow-hidden rounded-full bg-[#e3e3e3]"
            role="progressbar"
            aria-label="Sync progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={run.percent ?? undefined}
          >
            <div className="h-full rounded-full bg-[#303030] transition-[width]" style={{ width: `${run.percent ?? 5}%` }} />
          </div>
        </div>
      ) : (
        <p className="mt-1 text-sm text-[#616161]" data-testid="embedded-sync-state">
          {store.last_synced_at ? `Synced ${dateTime(store.last_synced_at, timeZone)}.` : "Not synced yet."}
          {store.next_sync_at ? ` Next sync ${dateTime(store.next_sync_at, timeZone)}.` : ""}
        </p>
      )}
      {store.last_error ? (
        <p className="mt-2 text-sm text-[#8e1f0b]" role="alert">
          The last sync failed: {store.last_error}
        </p>
      ) : null}
    </div>
  );
}
