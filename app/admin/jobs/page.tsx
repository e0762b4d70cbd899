import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/ui/action-form";
import { BadQueryPage } from "@/components/ui/bad-query";
import { buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Pager } from "@/components/ui/pager";
import { SubmitButton } from "@/components/ui/submit-button";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { spanText, utcText } from "@/lib/operators/format";
import { requireOperatorPage } from "@/lib/operators/guard";
import { countFailedJobRuns, FAILED_RUNS_PAGE_SIZE, failedJobRuns, JOB_KINDS, MAX_FAILED_RUNS_OFFSET, parseFailedRunsQuery, type TFailedRunsQuery } from "@/lib/operators/job-runs";
import { jobQueue } from "@/lib/ops/measures";
import { replayFailedRunAction } from "./actions";

export const metadata: Metadata = { title: "Jobs" };

type Search = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function hrefOf(kind: string, offset: number): string {
  const params = new URLSearchParams();
  if (kind) params.set("kind", kind);
  if (offset) params.set("offset", String(offset));
  const query = params.toString();
  return query ? `/admin/jobs?${query}` : "/admin/jobs";
}

/** The first line of a run's error in the table; the rest behind a disclosure. */
function RunError({ error }: { error: string | null }) {
  if (!error) return <span className="text-slate-400">No error recorded</span>;
  const [head, ...rest] = error.split("\n");
  if (rest.length === 0) return <span className="break-words">{head}</span>;
  return (
    <details>
      <summary className="cursor-pointer break-words">{head}</summary>
      <pre className="mt-1 max-w-xl whitespace-pre-wrap break-words text-xs text-slate-600">{rest.join("\n")}</pre>
    </details>
  );
}

export default async function AdminJobsPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireOperatorPage();
  const search = await searchParams;
  const header = <PageHeader title="Jobs" description="Background jobs by kind, and the failed runs waiting for a replay. A replay queues the same job with the same payload once, and is recorded in the operators' trail." />;
  let query: TFailedRunsQuery;
  try {
    query = parseFailedRunsQuery({ kind: first(search.kind), offset: first(search.offset) });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return <BadQueryPage header={header} message={error.message} resetHref="/admin/jobs" resetLabel="Show every failed run" />;
  }
  const now = new Date();
  const kind = query.kind || undefined;
  const [queue, runs, total] = await Promise.all([
    jobQueue(db, now),
    failedJobRuns({ kind, offset: query.offset, limit: FAILED_RUNS_PAGE_SIZE }),
    countFailedJobRuns(kind),
  ]);
  return (
    <div className="space-y-6">
      {header}
      <Card title="By kind" description="Runs waiting and running now, failures in the last 24 hours, and the longest a queued run has waited.">
        {queue.length === 0 ? (
          <p className="text-sm text-slate-500">No job is queued or running, and none failed in the last 24 hours.</p>
        ) : (
          <DataTable columns={[{ label: "Job" }, { label: "Queued", align: "right" }, { label: "Running", align: "right" }, { label: "Failed (24 h)", align: "right" }, { label: "Oldest waiting", align: "right" }]}>
            {queue.map((row) => (
              <tr key={row.kind} data-testid="job-kind-row">
                <td className="py-2 pr-4 font-mono text-xs">{row.kind}</td>
                <td className="py-2 pr-4 text-right tabular-nums">{row.queued}</td>
                <td className="py-2 pr-4 text-right tabular-nums">{row.running}</td>
                <td className={`py-2 pr-4 text-right tabular-nums ${row.failed24h > 0 ? "text-red-700" : ""}`}>
                  {row.failed24h > 0 ? (
                    <Link href={hrefOf(row.kind, 0)} className="hover:underline" aria-label={`${row.failed24h} failed ${row.kind} runs: show them`}>
                      {row.failed24h}
                    </Link>
                  ) : (
                    0
                  )}
                </td>
                <td className="py-2 pr-4 text-right tabular-nums">{row.queued > 0 ? spanText(row.oldestWaitingSeconds) : "–"}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
      <Card title="Failed runs" description="Newest first; a replayed run leaves this list. Errors are shown as the job ledger keeps them, with secrets taken out.">
        <form action="/admin/jobs" className="mb-4 flex flex-wrap items-end gap-2">
          <label className="flex min-w-0 flex-col gap-1 text-sm font-medium text-slate-700">
            Job kind
            <select name="kind" defaultValue={query.kind} className="max-w-full rounded-md border border-slate-300 px-3 py-2 font-normal">
              <option value="">Every kind</option>
              {JOB_KINDS.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className={buttonClass("secondary")}>
            Filter
          </button>
        </form>
        {runs.length === 0 ? (
          <p className="text-sm text-slate-500" data-testid="no-failed-runs">
            {query.kind ? `No failed ${query.kind} runs waiting for a replay.` : "No failed runs waiting for a replay."}
          </p>
        ) : (
          <DataTable columns={[{ label: "Run" }, { label: "Failed at" }, { label: "Error" }, { label: "" }]}>
            {runs.map((run) => (
              <tr key={run.id} data-testid="failed-run" className="align-top">
                <td className="py-2 pr-4">
                  <div className="font-mono text-xs">{run.kind}</div>
                  <div className="font-mono text-xs text-slate-500">{run.id}</div>
                  {run.workspaceId ? (
                    <Link href={`/admin/workspaces/${encodeURIComponent(run.workspaceId)}`} className="text-xs text-brand-700 hover:underline">
                      Its workspace
                    </Link>
                  ) : null}
                </td>
                <td className="py-2 pr-4 whitespace-nowrap">{run.finishedAt ? utcText(run.finishedAt) : "–"}</td>
                <td className="py-2 pr-4 text-slate-700">
                  <RunError error={run.error} />
                </td>
                <td className="py-2 pr-4">
                  <ActionForm action={replayFailedRunAction} hidden={{ runId: run.id }} label={`Replay run ${run.id}`}>
                    <SubmitButton variant="secondary" pendingLabel="Replaying…">
                      Replay
                    </SubmitButton>
                  </ActionForm>
                </td>
              </tr>
            ))}
          </DataTable>
        )}
        <div className="mt-4">
          <Pager offset={query.offset} shown={runs.length} total={total} limit={FAILED_RUNS_PAGE_SIZE} maxOffset={MAX_FAILED_RUNS_OFFSET} noun="failed runs" hrefFor={(offset) => hrefOf(query.kind, offset)} />
        </div>
      </Card>
    </div>
  );
}
