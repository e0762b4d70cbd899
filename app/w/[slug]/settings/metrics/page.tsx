import type { Metadata } from "next";
import { ProductGroupList } from "@/components/metrics-settings/product-group-list";
import { RebuildStatus } from "@/components/metrics-settings/rebuild-status";
import { RevenueBasisForm } from "@/components/metrics-settings/revenue-basis-form";
import { ChoiceForm } from "@/components/metrics-settings/choice-form";
import { SessionsSourceForm } from "@/components/metrics-settings/sessions-source-form";
import { UnitCostForm, UnitCostUploadForm } from "@/components/metrics-settings/unit-cost-forms";
import { ActionForm } from "@/components/ui/action-form";
import { buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { listProductGroups } from "@/lib/metrics/settings/product-groups";
import { latestRollupRebuild } from "@/lib/metrics/rollups/rebuild-jobs";
import { effectiveSessionsSource, getMetricSettings } from "@/lib/metrics/settings/store";
import { productGroupOptions } from "@/lib/metrics/settings/group-options";
import { listUnitCosts } from "@/lib/metrics/settings/unit-costs";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { can } from "@/lib/tenancy/roles";
import {
  addExclusionAction, deleteProductGroupAction, deleteUnitCostAction, importUnitCostsAction, moveProductGroupAction,
  previewProductGroupAction, removeExclusionAction, retryRebuildAction, saveProductGroupAction, setOfflineRevenueAction, setRevenueBasisAction,
  setSessionsSourceAction, setUnitCostAction,
} from "./actions";

export const metadata: Metadata = { title: "Metric settings" };

const OFFLINE_REVENUE_CHOICES = [
  { value: "off", label: "Shown apart", description: "Total sales and MER are the store's alone; offline revenue and total revenue (online + offline) show the deals." },
  { value: "on", label: "Included in total sales and MER", description: "Won deals' value is added to total sales, and so to MER, on the day each deal closed." },
];

const SMALL_INPUT = "rounded-md border-0 px-2 py-1.5 text-sm ring-1 ring-inset ring-slate-300";

export default async function MetricSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug, "workspace.read");
  const canEdit = can(role, "settings.manage");
  const slug = workspace.slug;
  const [settings, groups, costs, rebuild, options, effectiveSessions] = await Promise.all([
    getMetricSettings(workspace.id),
    listProductGroups(workspace.id),
    listUnitCosts(workspace.id),
    latestRollupRebuild(workspace.id),
    canEdit ? productGroupOptions(workspace.id) : Promise.resolve({ titles: [], skus: [], tags: [], products: [] }),
    effectiveSessionsSource(workspace.id),
  ]);

  return (
    <>
      {canEdit ? null : <Notice>Only admins can change these settings; you can see how this workspace counts its numbers.</Notice>}

      <Card title="Recalculation" description="Changing these settings changes what past days mean, so every day is recalculated in the background.">
        <RebuildStatus rebuild={rebuild} slug={slug} canRetry={canEdit} retryAction={retryRebuildAction} timeZone={workspace.timeZone} />
      </Card>

      <Card title="Revenue basis" description="Which day a refund is counted on.">
        <RevenueBasisForm slug={slug} current={settings.revenueBasis} action={setRevenueBasisAction} readOnly={!canEdit} />
      </Card>

      <Card title="Sessions" description="Where the sessions behind sessions and conversion rate come from.">
        <SessionsSourceForm
          slug={slug}
          current={settings.sessionsSource ?? "auto"}
          effective={effectiveSessions}
          action={setSessionsSourceAction}
          readOnly={!canEdit}
        />
      </Card>

      <Card title="Offline revenue" description="Won CRM deals are offline revenue. Whether they count in total sales and MER.">
        <ChoiceForm
          slug={slug}
          name="offlineRevenueInSales"
          title="Offline revenue"
          choices={OFFLINE_REVENUE_CHOICES}
          current={settings.offlineRevenueInSales ? "on" : "off"}
          action={setOfflineRevenueAction}
          readOnly={!canEdit}
        />
      </Card>

      <Card title="Excluded line items" description="Line items left out of every sales metric, such as a shipping fee sold as a product. Matched exactly, ignoring case.">
        {settings.excludedLineItems.length === 0 ? <p className="text-sm text-slate-500">Every line item counts.</p> : null}
        <ul className="divide-y divide-slate-100" aria-label="Excluded line items">
          {settings.excludedLineItems.map((m) => (
            <li key={`${m.field}:${m.value}`} className="flex flex-wrap items-center justify-between gap-3 py-2" data-testid="exclusion-row">
              <span className="text-sm">
                <span className="text-slate-500">{m.field === "sku" ? "SKU" : "Title"}</span> {m.value}
              </span>
              {canEdit ? (
                <ActionForm action={removeExclusionAction} hidden={{ slug, field: m.field, value: m.value }} label={`Include ${m.value} again`}>
                  <SubmitButton variant="ghost" pendingLabel="Removing…">Remove</SubmitButton>
                </ActionForm>
              ) : null}
            </li>
          ))}
        </ul>
        {canEdit ? (
          <ActionForm action={addExclusionAction} hidden={{ slug }} className="mt-3" label="Exclude a line item">
            <select name="field" aria-label="Match by" className={SMALL_INPUT} defaultValue="title">
              <option value="title">Title</option>
              <option value="sku">SKU</option>
            </select>
            <input name="value" aria-label="Title or SKU to exclude" placeholder="Shipping Fee" className={SMALL_INPUT} list="exclusion-titles" />
            <datalist id="exclusion-titles">
              {options.titles.map((t) => <option key={t} value={t} />)}
            </datalist>
            <SubmitButton variant="secondary" pendingLabel="Adding…">Exclude</SubmitButton>
          </ActionForm>
        ) : null}
      </Card>

      <Card title="Product groups" description="Sales and units of a set of products, by title, SKU, product or tag. A line item can belong to several groups.">
        <ProductGroupList
          slug={slug}
          groups={groups}
          options={options}
          readOnly={!canEdit}
          actions={{ save: saveProductGroupAction, remove: deleteProductGroupAction, move: moveProductGroupAction, preview: previewProductGroupAction }}
        />
      </Card>

      <Card title="Unit costs" description={`What one unit costs you, in ${workspace.currency}, for gross profit. An override here wins over the cost the store reports.`}>
        <div className="space-y-6">
          {costs.length === 0 ? (
            <p className="text-sm text-slate-500">No overrides: the store&apos;s own unit costs are used.</p>
          ) : (
            <DataTable columns={[{ label: "Match" }, { label: "SKU or title" }, { label: "Store's cost", align: "right" }, { label: "Your cost" }, { label: "" }]}>
              {costs.map((c) => (
                <tr key={`${c.field}:${c.value}`} data-testid="unit-cost-row">
                  <td className="py-2 pr-4 text-slate-500">{c.field === "sku" ? "SKU" : "Title"}</td>
                  <td className="py-2 pr-4">{c.value}</td>
                  <td className="py-2 pr-4 text-right tabular-nums text-slate-500">{c.storeUnitCost ?? "—"}</td>
                  <td className="py-2 pr-4">
                    {canEdit ? (
                      <ActionForm action={setUnitCostAction} hidden={{ slug, field: c.field, value: c.value }} label={`Cost of ${c.value}`}>
                        <input name="unitCost" defaultValue={c.unitCost} inputMode="decimal" aria-label={`Unit cost of ${c.value}`} className={`${SMALL_INPUT} w-28`} />
                        <SubmitButton variant="secondary" pendingLabel="Saving…">Save</SubmitButton>
                      </ActionForm>
                    ) : (
                      <span className="tabular-nums">{c.unitCost}</span>
                    )}
                  </td>
                  <td className="py-2 text-right">
                    {canEdit ? (
                      <ActionForm action={deleteUnitCostAction} hidden={{ slug, field: c.field, value: c.value }}>
                        <SubmitButton variant="ghost" pendingLabel="Removing…">Remove</SubmitButton>
                      </ActionForm>
                    ) : null}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
          {canEdit ? <UnitCostForm slug={slug} action={setUnitCostAction} /> : null}
          {canEdit ? <UnitCostUploadForm slug={slug} action={importUnitCostsAction} /> : null}
          <div className="flex flex-wrap gap-2">
            <a className={buttonClass("secondary")} href={`/w/${slug}/settings/metrics/unit-costs?field=sku`} download>Download SKU costs (CSV)</a>
            <a className={buttonClass("secondary")} href={`/w/${slug}/settings/metrics/unit-costs?field=title`} download>Download title costs (CSV)</a>
          </div>
        </div>
      </Card>
    </>
  );
}
