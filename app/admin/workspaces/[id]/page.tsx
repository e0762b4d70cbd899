import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { agoText, spanText, utcText } from "@/lib/operators/format";
import { requireOperatorPage } from "@/lib/operators/guard";
import { workspaceDetailForOperator, type OperatorConnectionHealth } from "@/lib/operators/workspace-detail";

export const metadata: Metadata = { title: "Workspace" };

const UNSCHEDULED: Record<NonNullable<OperatorConnectionHealth["unscheduled"]>, string> = {
  disconnected: "Disconnected: not synced",
  paused_by_plan: "Paused by its plan: not synced",
  import: "Imported data: not synced",
};

function Health({ connection, now }: { connection: OperatorConnectionHealth; now: Date }) {
  if (connection.unscheduled) return <span className="text-slate-500">{UNSCHEDULED[connection.unscheduled]}</span>;
  const health = connection.health;
  if (!health) return <span className="text-slate-500">Not measured yet</span>;
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
      <dt className="text-slate-500">Last success</dt>
      <dd>{health.lastSuccessAt ? `${utcText(health.lastSuccessAt)} (${agoText(health.lastSuccessAt, now)})` : "Never"}</dd>
      <dt className="text-slate-500">Behind schedule</dt>
      <dd className={health.lagSeconds > 0 ? "font-medium text-amber-800" : ""} data-testid="connection-lag">
        {health.lagSeconds > 0 ? spanText(health.lagSeconds) : "On time"}
      </dd>
      <dt className="text-slate-500">Last error</dt>
      <dd className="break-words">{health.lastError ?? "None"}</dd>
    </dl>
  );
}

export default async function AdminWorkspacePage({ params }: { params: Promise<{ id: string }> }) {
  await requireOperatorPage();
  const { id } = await params;
  const now = new Date();
  const workspace = await workspaceDetailForOperator(id, now);
  if (!workspace) notFound();
  const grant = workspace.supportAccess;
  return (
    <div className="space-y-6">
      <Link href="/admin" className="text-sm text-brand-700 hover:underline">
        ← All workspaces
      </Link>
      <PageHeader title={workspace.name} description={`${workspace.slug} · created ${utcText(workspace.createdAt)} · time zone ${workspace.timeZone}`} />
      <div className="grid grid-cols-1 gap-6 md:grid-cols-3">
        <Card title="Plan">
          <p className="text-sm" data-testid="workspace-plan">
            {workspace.plan ? `${workspace.plan}, ${workspace.planStatus.replace("_", " ")}` : "Billing off"}
          </p>
        </Card>
        <Card title="Members">
          <p className="text-sm" data-testid="workspace-members">
            {workspace.members.total === 0
              ? "No members"
              : `${workspace.members.total} (${workspace.members.byRole.map((r) => `${r.count} ${r.role}${r.count === 1 ? "" : "s"}`).join(", ")})`}
          </p>
        </Card>
        <Card title="Support access">
          <div className="space-y-2 text-sm" data-testid="support-access">
            {grant ? (
              <>
                <p>Granted by its owner until {utcText(grant.expiresAt)}.</p>
                <Link href={`/w/${workspace.slug}`} className="text-brand-700 hover:underline">
                  Open the workspace (read-only, recorded in its audit trail)
                </Link>
              </>
            ) : (
              <p>None. Opening the workspace&apos;s pages takes its owner&apos;s grant (Settings → Support access).</p>
            )}
          </div>
        </Card>
      </div>
      <Card title="Connections" description="Each scheduled connection's health: its last successful sync, how far its data is behind the 10-minute schedule, and its last error with secrets taken out.">
        {workspace.connections.length === 0 ? (
          <p className="text-sm text-slate-500">No connections yet.</p>
        ) : (
          <DataTable columns={[{ label: "Connection" }, { label: "Status" }, { label: "Health" }]}>
            {workspace.connections.map((c) => (
              <tr key={c.id} data-testid="connection-row" className="align-top">
                <td className="py-2 pr-4">
                  <div className="font-medium text-slate-900">{c.providerLabel}</div>
                  <div className="font-mono text-xs text-slate-500">{c.id}</div>
                </td>
                <td className="py-2 pr-4">{c.status.replace("_", " ")}</td>
                <td className="py-2 pr-4">
                  <Health connection={c} now={now} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </div>
  );
}
