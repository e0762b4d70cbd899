import type { Metadata } from "next";
import Link from "next/link";
import { CreateDashboardForm } from "@/components/dashboard/create-dashboard-form";
import { Card, PageHeader } from "@/components/ui/card";
import { workspaceReadOnly } from "@/lib/billing/limits";
import { listDashboards } from "@/lib/dashboards/service";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { can } from "@/lib/tenancy/roles";

export const metadata: Metadata = { title: "Dashboards" };

export default async function DashboardsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug);
  const [dashboards, readOnly] = await Promise.all([listDashboards(workspace.id), workspaceReadOnly(workspace.id)]);
  const updated = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: workspace.timeZone });
  return (
    <>
      <PageHeader title="Dashboards" description="Every dashboard in this workspace is shared with its members." />
      <div className="space-y-6">
        <Card>
          <ul className="divide-y divide-slate-100" data-testid="dashboard-list">
            {dashboards.map((d) => (
              <li key={d.id} className="flex flex-wrap items-center justify-between gap-2 py-3">
                <Link href={`/w/${workspace.slug}/dashboards/${d.id}`} className="font-medium text-brand-600 hover:underline">
                  {d.name}
                </Link>
                <span className="flex items-center gap-2 text-xs text-slate-500">
                  {d.is_default ? <span className="rounded-full bg-brand-50 px-2 py-0.5 font-medium text-brand-700">Default</span> : null}
                  Updated {updated.format(new Date(d.updated_at))}
                </span>
              </li>
            ))}
          </ul>
        </Card>
        {can(role, "dashboards.edit") && !readOnly ? (
          <Card title="New dashboard" description="Starts empty; add widgets from the dashboard.">
            <CreateDashboardForm slug={workspace.slug} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
