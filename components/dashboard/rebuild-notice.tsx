"use client";

import { useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useCallback, useSyncExternalStore } from "react";
import { FAILED_REBUILD_WARNING } from "@/lib/metrics/report/rebuild-notes";
import type { TReport } from "@/lib/metrics/report/types";
import { reportKeys } from "./api";

// After a settings change (time zone, exclusions, product groups, unit costs) the rollups are
// rebuilt in the background, and until then some days are the old settings' numbers. Every
// report says whether that is under way (or failed part way); the dashboard says so once, above
// its widgets, and the widgets poll (widget-card.tsx) until it is over.

/** How often a widget re-reads its report while a rebuild runs. */
export const REBUILD_POLL_MS = 3000;

type Snapshot = { data: Pick<TReport, "rebuilding" | "rebuild_progress" | "warnings"> | undefined; updatedAt: number };

/**
 * The rebuild state the most recently read report gives: "done/total" while one is under way,
 * "failed" when the last one stopped short, "" otherwise.
 */
export function latestRebuild(reports: readonly Snapshot[]): string {
  let latest: Snapshot | null = null;
  for (const report of reports) if (report.data && (!latest || report.updatedAt > latest.updatedAt)) latest = report;
  const data = latest?.data;
  if (data?.warnings.includes(FAILED_REBUILD_WARNING)) return "failed";
  if (!data?.rebuilding) return "";
  return data.rebuild_progress ? `${data.rebuild_progress.days_done}/${data.rebuild_progress.days_total}` : "0/0";
}

/** What the notice says for a state of latestRebuild. */
export function rebuildMessage(state: string): { text: string; percent: number | null } {
  if (state === "failed") return { text: FAILED_REBUILD_WARNING, percent: null };
  const [done, total] = state.split("/").map(Number) as [number, number];
  const percent = total > 0 ? Math.floor((done / total) * 100) : null;
  const progress = total > 0 ? ` ${done.toLocaleString("en")} of ${total.toLocaleString("en")} days done (${percent}%).` : "";
  return {
    text: `Recalculating past numbers after a settings change.${progress} Until it finishes, some figures may still follow the old settings.`,
    percent,
  };
}

function snapshotOf(client: QueryClient, slug: string): string {
  const queries = client.getQueryCache().findAll({ queryKey: reportKeys.all(slug) });
  return latestRebuild(queries.map((q) => ({ data: q.state.data as Snapshot["data"], updatedAt: q.state.dataUpdatedAt })));
}

export function RebuildNotice({ slug }: { slug: string }) {
  const client = useQueryClient();
  const subscribe = useCallback((onChange: () => void) => client.getQueryCache().subscribe(onChange), [client]);
  const state = useSyncExternalStore(subscribe, () => snapshotOf(client, slug), () => snapshotOf(client, slug));
  if (!state) return null;
  const { text, percent } = rebuildMessage(state);
  return (
    <div role="status" aria-live="polite" className="mb-3 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-inset ring-amber-200" data-testid="rebuild-notice">
      <p>{text}</p>
      {percent !== null ? <progress className="mt-1 h-1.5 w-full" max={100} value={percent} aria-label="Recalculation progress" /> : null}
    </div>
  );
}
