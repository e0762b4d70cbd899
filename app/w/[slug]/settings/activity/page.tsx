import type { Metadata } from "next";
import { ActionForm } from "@/components/ui/action-form";
import { Card } from "@/components/ui/card";
import { SelectField, TextAreaField, TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { customText } from "@/lib/activity/form";
import { EVENT_TYPES, getActivitySettings, type TEventType } from "@/lib/activity/settings";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { can } from "@/lib/tenancy/roles";
import { saveActivitySettingsAction } from "./actions";

export const metadata: Metadata = { title: "Activity settings" };

const TYPE_LABELS: Record<TEventType, string> = {
  session_start: "Session start",
  page_view: "Page view",
  product_view: "Product view",
  add_to_cart: "Add to cart",
  checkout_started: "Checkout started",
  purchase: "Purchase (a counted order)",
  email_click: "Email click",
  link_click: "Other tracked link click",
};

export default async function ActivitySettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug, "workspace.read");
  const canEdit = can(role, "settings.manage");
  const settings = await getActivitySettings(workspace.id);
  const readOnly = !canEdit;

  return (
    <>
      {readOnly ? <Notice>Only admins can change these settings; you can see how this workspace scores activity.</Notice> : null}
      <Card
        title="Activity score"
        description="Each person's score is the sum of their events' weights, each halved every half-life (in days of the workspace's time zone). Saving recalculates everyone's score in the background."
      >
        <ActionForm action={saveActivitySettingsAction} hidden={{ slug: workspace.slug }} label="Activity settings">
          <div className="w-full space-y-4">
            <fieldset className="grid grid-cols-1 gap-3 sm:grid-cols-2" disabled={readOnly}>
              <legend className="mb-2 text-sm font-medium text-slate-900">Weights</legend>
              {EVENT_TYPES.map((type) => (
                <TextField key={type} label={TYPE_LABELS[type]} name={`weight_${type}`} type="number" step="any" min={0} max={1000} defaultValue={settings.weights[type]} />
              ))}
            </fieldset>
            <fieldset className="space-y-3" disabled={readOnly}>
              <TextAreaField
                label="Custom events"
                name="custom"
                rows={3}
                defaultValue={customText(settings.weights.custom)}
                hint='One a line: "event name = weight". Custom events not listed count nothing.'
              />
              <TextField label="Half-life (days)" name="half_life_days" type="number" step="any" min={0.5} max={365} defaultValue={settings.halfLifeDays} />
              <SelectField
                label="Levels by"
                name="level_mode"
                defaultValue={settings.levelMode}
                options={[
                  { value: "thresholds", label: "Score thresholds" },
                  { value: "quantiles", label: "Quantiles (percentile rank 0 to 1)" },
                ]}
              />
              <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
                <TextField label="High from" name="high_cut" type="number" step="any" min={0} defaultValue={settings.highCut} hint="A score, or a percentile rank in quantiles mode." />
                <TextField label="Medium from" name="medium_cut" type="number" step="any" min={0} defaultValue={settings.mediumCut} hint="Below it, a person is low." />
              </div>
            </fieldset>
            {canEdit ? <SubmitButton>Save</SubmitButton> : null}
          </div>
        </ActionForm>
      </Card>
    </>
  );
}
