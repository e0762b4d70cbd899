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
import { saveGlobalSettingsAction } from "./actions";

export const metadata: Metadata = { title: "Global settings" };

const when = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function describeChanges(changes: Record<string, { before: unknown; after: unknown }> | null): string {
  if (!changes) return "";
  return Object.entries(changes)
    .map(([field, { before, after }]) => `${field}: ${String(before)} → ${String(after)}`)
    .join("; ");
}

export default async function GlobalSettingsPage() {
  await requireOperatorPage();
  const [settings, events] = await Promise.all([getGlobalSettings(), recentOperatorEvents()]);
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
