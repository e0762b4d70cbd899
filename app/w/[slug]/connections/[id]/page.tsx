import type { Metadata } from "next";
import Link from "next/link";
import { AutoRefresh } from "@/components/auto-refresh";
import { formatDuration } from "@/components/connections/run-progress";
import { HealthPanel } from "@/components/connections/health-panel";
import { OAuthNotice } from "@/components/connections/oauth-notice";
import { StatusBadge } from "@/components/connections/status-badge";
import { ResyncCard } from "@/app/w/[slug]/connections/resync-card";
import { Card, PageHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { isAdProvider } from "@/lib/connectors/registry";
import { connectionHealth } from "@/lib/connections/health";
import { providerLabel } from "@/lib/connectors/registry";
import { getConnection, settingsOf } from "@/lib/connections/service";
import { can } from "@/lib/tenancy/roles";
import { AttributionWindowForm, ConnectionSettingsForm } from "../connection-forms";
import { attributionChoice } from "@/lib/connections/attribution";
import { listRuns } from "@/lib/sync/runs";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";

export const metadata: Metadata = { title: "Sync history" };

export default async function ConnectionHistoryPage({ params, searchParams }: {
  params: Promise<{ slug: string; id: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { slug, id } = await params;
  const query = await searchParams;
  const { workspace, role } = await requireWorkspacePage(slug);
  const scope = { workspaceId: workspace.id, connectionId: id };
  const connection = await getConnection(scope).catch((error) => {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  });
  const [runs, health] = await Promise.all([listRuns(scope, 100), connectionHealth(workspace.id, { connectionId: connection.id, timeZone: workspace.timeZone })]);
  const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "medium", timeZone: workspace.timeZone });
  const day = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: workspace.timeZone });
  return (
    <>
      <AutoRefresh active={runs.some((r) => r.status === "queued" || r.status === "running")} />
      <PageHeader
        title={connection.displayName}
        description={`${providerLabel(connection.provider)} · ${connection.externalAccountId}`}
        actions={
          <Link href={`/w/${workspace.slug}/connections`} className="text-sm text-brand-600 hover:underline">
            ← All connections
          </Link>
        }
      />
      <div className="mb-6 space-y-4">
        <OAuthNotice outcome={query.oauth} provider={query.provider} />
        {isAdProvider(connection.provider) ? (
          <Card title="Health" description="Whether Signalboard can still read this account, and what went wrong last.">
            <div className="mb-3">
              <StatusBadge status={connection.status} />
            </div>
            <HealthPanel slug={workspace.slug} connection={connection} health={health.get(connection.id)} manage={can(role, "connections.manage")} timeZone={workspace.timeZone} />
          </Card>
        ) : null}
      </div>
      {can(role, "connections.manage") && connection.status !== "disconnected" ? (
        <div className="mb-6">
          <Card
            title="Daily restatement"
            description="Shops and ad platforms change recent days after the fact (refunds, late edits). Each day Signalboard re-pulls the most recent days and overwrites what changed."
          >
            <ConnectionSettingsForm slug={workspace.slug} connectionId={connection.id} settings={settingsOf(connection)} timeZone={connection.timeZone ?? "UTC"} />
          </Card>
        </div>
      ) : null}
      {can(role, "connections.manage") && connection.status !== "disconnected" ? <ResyncCard slug={workspace.slug} connectionId={connection.id} timeZone={workspace.timeZone} /> : null}
      {can(role, "connections.manage") && connection.provider === "meta_ads" && connection.status !== "disconnected" ? (
        <Card title="Attribution" description="Which purchases Meta credits to your ads. Changing it re-pulls the account's history, since every past day's purchases change.">
          <AttributionWindowForm slug={workspace.slug} connectionId={connection.id} current={attributionChoice(connection.settings)} />
        </Card>
      ) : null}
      <Card title="Sync history" description="Every run, newest first, with what it read, what it wrote, why it failed and what it could not read.">
        {runs.length === 0 ? (
          <p className="text-sm text-slate-500">No runs yet.</p>
        ) : (
          <DataTable
            columns={[
              { label: "Started" },
              { label: "Kind" },
              { label: "Status" },
              { label: "Range" },
              { label: "Read", align: "right" },
              { label: "Written", align: "right" },
              { label: "Took", align: "right" },
            ]}
          >
                {runs.map((r) => (
                  <tr key={r.id} data-testid="sync-run" className="align-top">
                    <td className="py-2 pr-4 whitespace-nowrap">{when.format(r.startedAt ?? r.queuedAt)}</td>
                    <td className="py-2 pr-4">{r.kind}</td>
                    <td className="py-2 pr-4">
                      <StatusBadge status={r.status} />
                      {r.error ? <p className="mt-1 max-w-md text-xs text-red-700">{r.error}</p> : null}
                      {r.warnings.map((warning) => (
                        <p key={warning} data-testid="sync-run-warning" className="mt-1 max-w-md text-xs text-amber-800">
                          {warning}
                        </p>
                      ))}
                    </td>
                    <td className="py-2 pr-4 whitespace-nowrap text-slate-600">
                      {r.rangeFrom || r.rangeTo ? `${r.rangeFrom ? day.format(r.rangeFrom) : "start"} – ${r.rangeTo ? day.format(r.rangeTo) : "now"}` : "—"}
                    </td>
                    <td className="py-2 pr-4 text-right tabular-nums">{r.rowsRead.toLocaleString("en")}</td>
                    <td className="py-2 pr-4 text-right tabular-nums">{r.rowsWritten.toLocaleString("en")}</td>
                    <td className="py-2 pr-4 text-right tabular-nums">
                      {r.startedAt && r.finishedAt ? formatDuration((r.finishedAt.getTime() - r.startedAt.getTime()) / 1000) : "—"}
                    </td>
                  </tr>
                ))}
          </DataTable>
        )}
      </Card>
    </>
  );
}
