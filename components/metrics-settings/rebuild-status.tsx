import { AutoRefresh } from "@/components/auto-refresh";
import { ActionForm } from "@/components/ui/action-form";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions";
import type { RebuildView } from "@/lib/metrics/rollups/rebuild-jobs";

/** The latest rollup rebuild: a progress bar while it runs (refreshing itself), else its outcome. */
export function RebuildStatus({ rebuild, slug, canRetry, retryAction, timeZone }: {
  rebuild: RebuildView | null;
  slug: string;
  canRetry: boolean;
  retryAction: (prev: ActionState, form: FormData) => Promise<ActionState>;
  timeZone: string;
}) {
  if (!rebuild) return <p className="text-sm text-slate-500">No recalculation has been needed yet.</p>;
  const active = rebuild.status === "queued" || rebuild.status === "running";
  const percent = rebuild.daysTotal ? Math.floor((rebuild.daysDone / rebuild.daysTotal) * 100) : 100;
  const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone });
  return (
    <div className="space-y-3" data-testid="rebuild-status" data-status={rebuild.status}>
      <AutoRefresh active={active} />
      <p className="text-sm text-slate-700">
        {active ? (rebuild.status === "queued" ? "Waiting to recalculate past days" : "Recalculating past days") : "Last recalculation"}
        {" "}after: <span className="font-medium">{rebuild.reason}</span>
      </p>
      <div
        className="h-2 w-full overflow-hidden rounded-full bg-slate-100"
        role="progressbar"
        aria-label="Recalculation progress"
        aria-valuemin={0}
        aria-valuemax={rebuild.daysTotal}
        aria-valuenow={rebuild.daysDone}
      >
        <div className={`h-full ${rebuild.status === "failed" ? "bg-red-500" : "bg-brand-600"}`} style={{ width: `${percent}%` }} />
      </div>
      <p className="text-xs text-slate-500">
        {rebuild.daysDone} of {rebuild.daysTotal} days ({rebuild.fromDay} to {rebuild.toDay})
        {rebuild.finishedAt ? ` · finished ${when.format(rebuild.finishedAt)}` : rebuild.startedAt ? ` · started ${when.format(rebuild.startedAt)}` : ""}
      </p>
      {rebuild.status === "succeeded" ? <p className="text-sm text-emerald-700">Every past day reflects the current settings.</p> : null}
      {rebuild.status === "failed" ? (
        <div className="space-y-2">
          <p className="text-sm text-red-700" role="alert">Failed: {rebuild.error}</p>
          {canRetry ? (
            <ActionForm action={retryAction} hidden={{ slug, id: rebuild.id }}>
              <SubmitButton variant="secondary" pendingLabel="Restarting…">Retry</SubmitButton>
            </ActionForm>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
