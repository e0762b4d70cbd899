import type { Metadata } from "next";
import Link from "next/link";
import { DELIVERY_WINDOW_HOURS, InstallationSummary, RATE_WINDOW_MINUTES } from "@/components/admin/installation-summary";
import { PageHeader, Card } from "@/components/ui/card";
import { BadQueryPage } from "@/components/ui/bad-query";
import { buttonClass } from "@/components/ui/button";
import { DataTable } from "@/components/ui/data-table";
import { Pager } from "@/components/ui/pager";
import { db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { requireOperatorPage } from "@/lib/operators/guard";
import { deliveryFailures, ingestRates } from "@/lib/ops/measures";
import { listWorkspacesForOperator, MAX_WORKSPACES_OFFSET, parseWorkspaceListQuery, WORKSPACES_PAGE_SIZE, type WorkspaceListQuery } from "@/lib/operators/workspaces";

export const metadata: Metadata = { title: "Workspaces" };

type Search = Record<string, string | string[] | undefined>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function hrefOf(q: string, offset: number): string {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (offset) params.set("offset", String(offset));
  const query = params.toString();
  return query ? `/admin?${query}` : "/admin";
}

export default async function AdminWorkspacesPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireOperatorPage();
  const search = await searchParams;
  const header = <PageHeader title="Workspaces" description="Every workspace, its plan, members and connections. Opening a workspace's data takes its owner's support access." />;
  let query: WorkspaceListQuery;
  try {
    query = parseWorkspaceListQuery({ q: first(search.q), offset: first(search.offset) });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return <BadQueryPage header={header} message={error.message} resetHref="/admin" resetLabel="Show all workspaces" />;
  }
  const now = new Date();
  const [{ rows, total }, rates, failures] = await Promise.all([
    listWorkspacesForOperator(query, now),
    ingestRates(db, now, RATE_WINDOW_MINUTES),
    deliveryFailures(db, now, DELIVERY_WINDOW_HOURS),
  ]);
  return (
    <div className="space-y-6">
      {header}
      <InstallationSummary rates={rates} failures={failures} />
      <form role="search" action="/admin" className="flex flex-wrap items-end gap-2">
        <label className="flex min-w-0 flex-1 flex-col gap-1 text-sm font-medium text-slate-700 sm:max-w-sm">
          Search by name or slug
          <input name="q" defaultValue={query.q} maxLength={100} className="rounded-md border border-slate-300 px-3 py-2 font-normal" />
        </label>
        <button type="submit" className={buttonClass("secondary")}>
          Search
        </button>
      </form>
      <Card>
        {rows.length === 0 ? (
          <p className="text-sm text-slate-500">{query.q ? `No workspace matches "${query.q}".` : "No workspaces yet."}</p>
        ) : (
          <DataTable columns={[{ label: "Workspace" }, { label: "Plan" }, { label: "Members", align: "right" }, { label: "Connections", align: "right" }]}>
            {rows.map((row) => (
              <tr key={row.id}>
                <td className="py-2 pr-4">
                  <Link href={`/admin/workspaces/${encodeURIComponent(row.id)}`} className="font-medium text-brand-700 hover:underline" data-testid="workspace-link">
                    {row.name}
                  </Link>
                  <div className="text-xs text-slate-500">{row.slug}</div>
                </td>
                <td className="py-2 pr-4">
                  {row.plan || "Billing off"}
                  {row.planStatus ? <div className="text-xs text-slate-500">{row.planStatus.replace("_", " ")}</div> : null}
                </td>
                <td className="py-2 pr-4 text-right tabular-nums">{row.members}</td>
                <td className="py-2 pr-4 text-right tabular-nums">{row.connections}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
      <Pager offset={query.offset} shown={rows.length} total={total} limit={WORKSPACES_PAGE_SIZE} maxOffset={MAX_WORKSPACES_OFFSET} noun="workspaces" hrefFor={(offset) => hrefOf(query.q, offset)} />
    </div>
  );
}
