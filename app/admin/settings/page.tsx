import type { Metadata } from "next";
import { ActionForm } from "@/components/ui/action-form";
import { Card, PageHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { SelectField } from "@/components/ui/field";
import { SubmitButton } from "@/components/ui/submit-button";
import { PLAN_IDS, PLANS, TRIAL_DAYS } from "@/lib/billing/plans";
import { recentOperatorEvents } from "@/lib/operators/events";
import { getGlobalSettings } from "@/lib/operators/global-settings";
import { requireOperatorPage } from "@/lib/operators/guard";
import { SloAlertingForm, type AlertingCandidate } from "@/components/admin/slo-alerting-form";
import { db } from "@/lib/db/client";
import { listDestinations } from "@/lib/notifications/destinations";
import { DESTINATION_LABELS } from "@/lib/notifications/message";
import { getSloAlerting } from "@/lib/observability/slo-alerting";
import { saveGlobalSettingsAction, saveSloAlertingAction } from "./actions";

export const metadata: Metadata = { title: "Global settings" };

const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function describeChanges(changes: Record<string, { before: unknown; after: unknown }> | null): string {
  if (!changes) return "";
  return Object.entries(changes)
    .map(([field, { before, after }]) => `${field}: ${String(before)} → ${String(after)}`)
    .join("; ");
}

type Search = Record<string, string | string[] | undefined>;

/** The workspace whose destinations the alert form lists: the one asked for by slug, else the chosen one. */
async function alertingCandidate(slug: string, chosen: Awaited<ReturnType<typeof getSloAlerting>>): Promise<AlertingCandidate | null> {
  const workspace = slug ? await db.workspace.findUnique({ where: { slug }, select: { id: true, name: true, slug: true } }) : chosen.workspace;
  if (!workspace) return null;
  const chosenIds = new Set(chosen.workspace?.id === workspace.id ? chosen.destinations.map((d) => d.id) : []);
  const destinations = await listDestinations(workspace.id);
  return { workspace, destinations: destinations.map((d) => ({ id: d.id, name: d.name, kind: DESTINATION_LABELS[d.kind] ?? d.kind, enabled: d.enabled, chosen: chosenIds.has(d.id) })) };
}

export default async function GlobalSettingsPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requireOperatorPage();
  const asked = (await searchParams).alerts_workspace;
  const slug = (Array.isArray(asked) ? asked[0] : asked)?.trim().slice(0, 100) ?? "";
  const [settings, events, alerting] = await Promise.all([getGlobalSettings(), recentOperatorEvents(), getSloAlerting()]);
  const candidate = await alertingCandidate(slug, alerting);
  return (
    <div className="space-y-6">
      <PageHeader title="Global settings" description="Settings for the whole installation. Every change is recorded below." />
      <Card title="Sign-up and plans">
        <ActionForm action={saveGlobalSettingsAction} hidden={{}} label="Global settings">
          <div className="grid w-full grid-cols-1 gap-4 sm:grid-cols-2">
            <SelectField
              label="Who may sign up"
              name="signupMode"
              defaultValue={settings.signupMode}
              hint="Invite-only: the sign-up page is closed; people join through a workspace's invitation."
              options={[
                { value: "open", label: "Anyone (open sign-up)" },
                { value: "invite_only", label: "Invited people only" },
              ]}
            />
            <SelectField
              label="Plan new workspaces start on"
              name="defaultPlan"
              defaultValue={settings.defaultPlan}
              hint="Applies to workspaces created from now on; existing ones keep theirs."
              options={PLAN_IDS.map((id) => ({ value: id, label: id === "free" ? `${PLANS[id].name} (no trial)` : `${PLANS[id].name} (${TRIAL_DAYS}-day trial)` }))}
            />
          </div>
          <div className="mt-2">
            <SubmitButton>Save global settings</SubmitButton>
          </div>
        </ActionForm>
      </Card>
      <div id="service-level-alerts">
        <Card
          title="Service-level alerts"
          description={
            alerting.workspace
              ? `Burn alerts go to ${alerting.destinations.map((d) => d.name).join(", ") || "no destination (the chosen ones were deleted)"} of ${alerting.workspace.name}.`
              : "No destination chosen: burn alerts are recorded on the status page but sent nowhere. Choose a workspace, then some of its notification destinations."
          }
        >
          <SloAlertingForm slug={slug || (candidate?.workspace.slug ?? "")} candidate={candidate} notFound={slug !== "" && candidate === null} chosenWorkspaceId={alerting.workspace?.id ?? null} action={saveSloAlertingAction} />
        </Card>
      </div>
      <Card title="Operator actions" description="What operators and the command line changed across the installation, newest first. Actions on a workspace are also in its own audit trail.">
        {events.length === 0 ? (
          <p className="text-sm text-slate-500">No operator actions yet.</p>
        ) : (
          <DataTable columns={[{ label: "When (UTC)" }, { label: "Who" }, { label: "What" }, { label: "Details" }]}>
            {events.map((event) => (
              <tr key={event.id} data-testid="operator-event">
                <td className="py-2 pr-4 whitespace-nowrap">{when.format(event.occurredAt)}</td>
                <td className="py-2 pr-4">{event.actor}</td>
                <td className="py-2 pr-4">{event.label}</td>
                <td className="py-2 pr-4 text-slate-600">{[event.target, describeChanges(event.changes)].filter(Boolean).join(" · ")}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </div>
  );
}
