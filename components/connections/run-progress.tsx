import { runProgress, type RunProgressFacts } from "@/lib/sync/progress";

/** Rows, percent and time left of a run in progress. */
export function RunProgress({ run, now }: {
  run: RunProgressFacts & { kind: string; startedAt: Date | null };
  now: Date;
}) {
  const { total, estimated, percent } = runProgress(run);
  const elapsed = run.startedAt ? (now.getTime() - run.startedAt.getTime()) / 1000 : 0;
  const rate = elapsed > 0 ? run.rowsRead / elapsed : 0;
  const eta = percent !== null && rate > 0 && total ? Math.max(0, (total - run.rowsRead) / rate) : null;
  return (
    <div className="space-y-1" data-testid="run-progress">
      <div className="flex flex-wrap justify-between gap-2 text-xs text-slate-600">
        <span>
          {run.kind === "backfill" ? "Loading full history" : "Syncing"} · {run.rowsRead.toLocaleString("en")}
          {total ? ` of ${estimated ? "about " : ""}${total.toLocaleString("en")}` : ""} rows
        </span>
        <span>
          {percent !== null ? `${percent}%` : run.startedAt ? "working…" : "queued"}
          {eta !== null ? ` · about ${formatDuration(eta)} left` : ""}
        </span>
      </div>
      <div
        className="h-2 overflow-hidden rounded-full bg-slate-100"
        role="progressbar"
        aria-label="Sync progress"
        aria-valuenow={percent ?? undefined}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div
          className={`h-full rounded-full bg-brand-600 transition-all ${percent === null ? "w-1/3 animate-pulse" : ""}`}
          style={percent !== null ? { width: `${percent}%` } : undefined}
        />
      </div>
    </div>
  );
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
