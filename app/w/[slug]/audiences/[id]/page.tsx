import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { SizeChart } from "@/components/audiences/size-chart";
import { ActionForm } from "@/components/ui/action-form";
import { buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { SelectField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { getAudience, type Audience } from "@/lib/audiences/audience";
import { recentExports } from "@/lib/audiences/export";
import { audienceMembers } from "@/lib/audiences/members";
import { audienceSetting, audienceTargets } from "@/lib/audiences/settings";
import { sizeSeries } from "@/lib/audiences/sizes";
import { AppError } from "@/lib/errors";
import { can } from "@/lib/tenancy/roles";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { saveKlaviyoAction, saveWebhookAction, syncKlaviyoAction } from "./actions";

export const metadata: Metadata = { title: "Audience" };

const PREVIEW = 20;

const STATUS_WORDS: Record<string, string> = {
  idle: "Not synced yet.",
  pending: "A sync is queued.",
  synced: "In step.",
  failed: "The last sync failed.",
};

async function load(workspaceId: string, id: string): Promise<Audience> {
  try {
    return await getAudience(workspaceId, id);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function AudiencePage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const { workspace, role } = await requireWorkspacePage(slug);
  const audience = await load(workspace.id, id);
  const admin = can(role, "settings.manage");
  const [series, members, setting, targets, exports] = await Promise.all([
    sizeSeries(workspace.id, audience.id, workspace.timeZone, 90),
    audienceMembers(workspace.id, audience.id, { cursor: null, limit: PREVIEW }),
    audienceSetting(workspace.id, audience.id),
    admin ? audienceTargets(workspace.id) : Promise.resolve(null),
    admin ? recentExports(workspace.id, audience.id, 3) : Promise.resolve([]),
  ]);
  const base = `/w/${workspace.slug}`;
  const hidden = { slug: workspace.slug, id: audience.id };
  const changed = series.some((p) => p.joined || p.left);

  return (
    <div className="space-y-6">
      <PageHeader
        title={audience.name}
        description={`${audience.kind === "rule" ? "Kept by its rule" : "Tagged by hand"} · ${audience.size.toLocaleString("en")} ${audience.size === 1 ? "person" : "people"} now${audience.description ? ` · ${audience.description}` : ""}`}
        actions={
          <div className="flex flex-wrap gap-2">
            <Link href={`${base}/audiences`} className={buttonClass("secondary")}>
              All audiences
            </Link>
            {admin ? (
              <a href={`/api/v1/workspaces/${workspace.slug}/audiences/${audience.id}/export`} className={buttonClass("primary")} data-testid="audience-export" download>
                Export CSV
              </a>
            ) : null}
          </div>
        }
      />

      <Card title="Size over the last 90 days" description={`At the end of each day in ${workspace.timeZone}.`}>
        {changed || audience.size > 0 ? <SizeChart points={series} /> : <p className="py-4 text-sm text-slate-600" data-testid="audience-size-empty">Nobody has joined this audience in the last 90 days.</p>}
      </Card>

      <Card title="Members" description={`The first ${PREVIEW}, without emails. The API pages through all of them; admins can export them with emails.`}>
        {members.members.length === 0 ? (
          <p className="py-4 text-sm text-slate-600" data-testid="audience-members-empty">Nobody has this tag right now.</p>
        ) : (
          <DataTable columns={[{ label: "Person" }, { label: "Since" }, { label: "Orders", align: "right" }, { label: "Net sales", align: "right" }, { label: "Country" }]}>
            {members.members.map((m) => (
              <tr key={m.id} data-testid="audience-member">
                <td className="py-2 pr-4">
                  {m.orders !== null ? (
                    <Link href={`${base}/customers/${m.id}`} className="font-mono text-xs text-blue-700 hover:underline">
                      {m.id.slice(0, 12)}…
                    </Link>
                  ) : (
                    <span className="font-mono text-xs text-slate-600">{m.id.slice(0, 12)}…</span>
                  )}
                </td>
                <td className="py-2 pr-4 whitespace-nowrap">{m.since.slice(0, 10)}</td>
                <td className="py-2 pr-4 text-right tabular-nums">{m.orders ?? "–"}</td>
                <td className="py-2 pr-4 text-right tabular-nums">{m.net_sales === null ? "–" : `${m.net_sales} ${workspace.currency}`}</td>
                <td className="py-2 pr-4">{m.country ?? "–"}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>

      {admin && targets ? (
        <>
          <Card title="Webhook on join and leave" description="One message per change to the chosen notification destination (a signed Standard Webhook, or a chat), naming members by id.">
            {targets.destinations.length === 0 ? (
              <p className="text-sm text-slate-600">
                No notification destinations yet. <Link href={`${base}/settings/notifications`} className="text-blue-700 hover:underline">Add one</Link>, then choose it here.
              </p>
            ) : (
              <ActionForm action={saveWebhookAction} hidden={hidden} label="Webhook destination">
                <SelectField
                  label="Destination"
                  name="webhookDestinationId"
                  defaultValue={setting?.webhookDestinationId ?? ""}
                  options={[{ value: "", label: "None" }, ...targets.destinations.map((d) => ({ value: d.id, label: `${d.name} (${d.kind})${d.enabled ? "" : ", switched off"}` }))]}
                />
                <SubmitButton pendingLabel="Saving…">Save destination</SubmitButton>
              </ActionForm>
            )}
          </Card>

          <Card title="Klaviyo list" description="Members with an email are kept on a Klaviyo list named after the audience: joins added, leaves removed. The key needs write access to lists and profiles.">
            {targets.klaviyo.length === 0 && !setting?.klaviyoConnectionId ? (
              <p className="text-sm text-slate-600" data-testid="audience-klaviyo-none">
                Klaviyo is not connected. <Link href={`${base}/connections`} className="text-blue-700 hover:underline">Connect it</Link> with a private API key to sync this audience to a list.
              </p>
            ) : (
              <div className="space-y-3">
                <ActionForm action={saveKlaviyoAction} hidden={hidden} label="Klaviyo sync">
                  <SelectField
                    label="Sync to"
                    name="klaviyoConnectionId"
                    defaultValue={setting?.klaviyoConnectionId ?? ""}
                    options={[{ value: "", label: "Off" }, ...targets.klaviyo.map((c) => ({ value: c.id, label: c.displayName }))]}
                  />
                  <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
                </ActionForm>
                {setting?.klaviyoConnectionId ? (
                  <div className="space-y-2 text-sm" data-testid="audience-klaviyo-status">
                    <p>
                      {STATUS_WORDS[setting.klaviyoStatus] ?? setting.klaviyoStatus}
                      {setting.klaviyoListName ? ` List: ${setting.klaviyoListName}.` : ""}
                      {setting.klaviyoSyncedAt ? ` Last synced ${setting.klaviyoSyncedAt.toISOString().slice(0, 16).replace("T", " ")} UTC: ${setting.klaviyoAdded} added, ${setting.klaviyoRemoved} removed, ${setting.klaviyoSkipped} without an email.` : ""}
                    </p>
                    {setting.klaviyoStatus === "failed" && setting.klaviyoError ? <Notice tone="error">{setting.klaviyoError}</Notice> : null}
                    <ActionForm action={syncKlaviyoAction} hidden={hidden} label="Sync now">
                      <SubmitButton variant="secondary" pendingLabel="Queuing…">Sync now</SubmitButton>
                    </ActionForm>
                  </div>
                ) : null}
              </div>
            )}
          </Card>

          <Card title="Exports" description="Each export opens members' emails into the file and is recorded here.">
            {exports.length === 0 ? (
              <p className="text-sm text-slate-600" data-testid="audience-exports-empty">Not exported yet.</p>
            ) : (
              <ul className="space-y-1 text-sm" data-testid="audience-exports">
                {exports.map((e) => (
                  <li key={e.id}>
                    {e.at.toISOString().slice(0, 16).replace("T", " ")} UTC: {e.rows.toLocaleString("en")} rows, {e.withEmail.toLocaleString("en")} with an email{e.apiKeyId ? " (by API key)" : ""}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </>
      ) : null}
    </div>
  );
}
