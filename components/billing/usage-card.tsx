import { Card } from "@/components/ui/card";
import { LIMIT_LABELS, type Plan } from "@/lib/billing/plans";
import { COUNTED_LIMITS, type WorkspaceUsage } from "@/lib/billing/usage";

const number = (n: number) => n.toLocaleString("en");

function Bar({ used, limit }: { used: number; limit: number }) {
  const share = limit > 0 ? Math.min(1, used / limit) : 1;
  const tone = used >= limit ? "bg-red-500" : share >= 0.8 ? "bg-amber-500" : "bg-slate-700";
  return (
    <div className="h-2 w-full overflow-hidden rounded-full bg-slate-100" role="progressbar" aria-valuemin={0} aria-valuemax={limit} aria-valuenow={Math.min(used, limit)}>
      <div className={`h-full rounded-full ${tone}`} style={{ width: `${Math.round(share * 100)}%` }} />
    </div>
  );
}

/** This month's usage against each of the plan's limits, with a bar each; history days stated apart. */
export function UsageCard({ usage, plan, timeZone }: { usage: WorkspaceUsage; plan: Plan; timeZone: string }) {
  const month = new Intl.DateTimeFormat("en", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${usage.period.month}T00:00:00Z`));
  const resets = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone }).format(usage.period.end);
  return (
    <Card title="Usage" description={`${month}, against what ${plan.name} allows. Monthly counts start again on ${resets}.`}>
      <ul className="space-y-4 text-sm">
        {COUNTED_LIMITS.map((key) => {
          const used = usage.counts[key];
          const limit = plan.limits[key];
          return (
            <li key={key} data-testid={`usage-${key}`}>
              <div className="mb-1 flex flex-wrap justify-between gap-2">
                <span className="text-slate-700">{LIMIT_LABELS[key]}</span>
                <span className={`tabular-nums ${used !== null && used >= limit ? "font-medium text-red-700" : "text-slate-900"}`}>
                  {used === null ? `Not counted yet · up to ${number(limit)}` : `${number(used)} of ${number(limit)}`}
                </span>
              </div>
              {used === null ? null : <Bar used={used} limit={limit} />}
            </li>
          );
        })}
        <li className="flex flex-wrap justify-between gap-2 border-t border-slate-100 pt-3">
          <span className="text-slate-700">{LIMIT_LABELS.historyDays}</span>
          <span className="tabular-nums text-slate-900">{number(plan.limits.historyDays)} days</span>
        </li>
      </ul>
      <p className="mt-4 text-xs text-slate-500">Orders processed this month: {number(usage.ordersProcessed)}.</p>
    </Card>
  );
}
