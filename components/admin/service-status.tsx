import Link from "next/link";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { formatDuration } from "@/components/connections/run-progress";
import { BURN_POLICIES, BURN_WINDOWS, type BurnWindow, type ObjectiveStatus } from "@/lib/observability/slo";
import type { ServiceStatus } from "@/lib/observability/status";

// The operators' status page: each objective against its budget, the alerts firing, freshness by
// source with the stalest connections, and the job queue.

const WINDOWS = Object.keys(BURN_WINDOWS) as BurnWindow[];
const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const pct = (x: number, digits: number) => `${(x * 100).toFixed(digits)}%`;
const rate = (x: number | null) => (x === null ? "—" : `${x.toFixed(1)}x`);

function budgetTone(remaining: number): string {
  if (remaining <= 0) return "text-red-700";
  if (remaining < 0.25) return "text-amber-700";
  return "text-emerald-700";
}

function ObjectiveCard({ status }: { status: ObjectiveStatus }) {
  const { objective } = status;
  return (
    <Card title={objective.label} description={`Objective: ${pct(objective.target, 2)} of ${objective.description}, this month (UTC).`}>
      <dl className="grid grid-cols-2 gap-4 text-sm sm:grid-cols-3" data-testid={`objective-${objective.id}`}>
        <div>
          <dt className="text-slate-500">This month</dt>
          <dd className="text-lg font-semibold text-slate-900">{status.current === null ? "No events yet" : pct(status.current, 3)}</dd>
          <dd className="text-xs text-slate-500">{status.month.total.toLocaleString("en")} events, {status.month.errors.toLocaleString("en")} bad</dd>
        </div>
        <div>
          <dt className="text-slate-500">Error budget left</dt>
          <dd className={`text-lg font-semibold ${budgetTone(status.budgetRemaining)}`}>{pct(status.budgetRemaining, 1)}</dd>
        </div>
        <div className="col-span-2 sm:col-span-1">
          <dt className="text-slate-500">Burn rate</dt>
          <dd>
            <ul className="flex flex-wrap gap-x-3 gap-y-1 text-xs">
              {WINDOWS.map((w) => (
                <li key={w}>
                  <span className="text-slate-500">{w}</span> <span className="font-medium text-slate-900">{rate(status.burnRates[w])}</span>
                </li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>
    </Card>
  );
}

export function ServiceStatusView({ status }: { status: ServiceStatus }) {
  const { alerting } = status;
  const labelOf = new Map(status.objectives.map((o) => [o.objective.id as string, o.objective.label]));
  return (
    <div className="space-y-6">
      {alerting.workspace ? (
        <Notice>
          Burn alerts go to {alerting.destinations.length === 0 ? "no destination (every chosen one was deleted)" : alerting.destinations.map((d) => `${d.name} (${d.kind})`).join(", ")} of workspace{" "}
          {alerting.workspace.name}. <Link className="underline" href="/admin/settings#service-level-alerts">Change</Link>
        </Notice>
      ) : (
        <Notice tone="error">
          No destination is chosen for burn alerts: they are recorded here but sent nowhere.{" "}
          <Link className="underline" href="/admin/settings#service-level-alerts">Choose where they go</Link>
        </Notice>
      )}

      <Card title="Alerts firing" description={`Page: ${BURN_POLICIES[0].rate}x over ${BURN_POLICIES[0].long} and ${BURN_POLICIES[0].short}. Ticket: ${BURN_POLICIES[1].rate}x over ${BURN_POLICIES[1].long} and ${BURN_POLICIES[1].short}.`}>
        {status.alerts.length === 0 ? (
          <p className="text-sm text-slate-500">No burn alert is firing.</p>
        ) : (
          <DataTable columns={[{ label: "Objective" }, { label: "Severity" }, { label: "Since (UTC)" }, { label: "Peak burn", align: "right" }]}>
            {status.alerts.map((a) => (
              <tr key={a.id} data-testid="firing-alert">
                <td className="py-2 pr-4">{labelOf.get(a.objective) ?? a.objective}</td>
                <td className="py-2 pr-4 font-medium">{a.severity}</td>
                <td className="py-2 pr-4 whitespace-nowrap">{when.format(a.openedAt)}</td>
                <td className="py-2 pr-4 text-right">{rate(a.peakBurnRate)}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>

      <div className="grid gap-6">
        {status.objectives.map((o) => (
          <ObjectiveCard key={o.objective.id} status={o} />
        ))}
      </div>

      <Card title="Freshness by source" description="Scheduled connections whose data is older than their source's bound.">
        <div className="space-y-4">
          {status.freshness.map((f) => (
            <div key={f.source}>
              <h3 className="text-sm font-semibold text-slate-900">
                {f.label} (within {formatDuration(f.maxAgeSeconds)})
              </h3>
              {f.total === 0 ? (
                <p className="text-sm text-slate-500">No connections of this kind yet.</p>
              ) : (
                <p className="text-sm text-slate-600">
                  {f.total - f.stale} of {f.total} fresh{f.stale > 0 ? `; ${f.stale} stale` : ""}.
                </p>
              )}
              {f.stalest.length > 0 ? (
                <DataTable columns={[{ label: "Workspace" }, { label: "Connection" }, { label: "Data age", align: "right" }, { label: "Status" }]}>
                  {f.stalest.map((c, i) => (
                    <tr key={`${c.workspaceSlug}-${i}`} data-testid="stale-connection">
                      <td className="py-2 pr-4">{c.workspaceSlug}</td>
                      <td className="py-2 pr-4">
                        {c.connectionName} <span className="text-xs text-slate-500">{c.provider}</span>
                      </td>
                      <td className="py-2 pr-4 text-right whitespace-nowrap">{formatDuration(c.ageSeconds)}</td>
                      <td className="py-2 pr-4">
                        {c.status}
                        {c.lastError ? <div className="max-w-xs truncate text-xs text-slate-500">{c.lastError}</div> : null}
                      </td>
                    </tr>
                  ))}
                </DataTable>
              ) : null}
            </div>
          ))}
        </div>
      </Card>

      <Card title="Job queue" description={`${status.jobs.queued} waiting, ${status.jobs.running} running, ${status.jobs.failed24h} failed in 24 hours.`}>
        {status.jobs.kinds.length === 0 ? (
          <p className="text-sm text-slate-500">No jobs waiting, running or failed in the last 24 hours.</p>
        ) : (
          <DataTable columns={[{ label: "Job" }, { label: "Waiting", align: "right" }, { label: "Running", align: "right" }, { label: "Failed 24 h", align: "right" }, { label: "Oldest wait", align: "right" }]}>
            {status.jobs.kinds.map((k) => (
              <tr key={k.kind}>
                <td className="py-2 pr-4 font-mono text-xs">{k.kind}</td>
                <td className="py-2 pr-4 text-right">{k.queued}</td>
                <td className="py-2 pr-4 text-right">{k.running}</td>
                <td className="py-2 pr-4 text-right">{k.failed24h}</td>
                <td className="py-2 pr-4 text-right">{k.queued > 0 ? formatDuration(k.oldestWaitingSeconds) : "—"}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </div>
  );
}
