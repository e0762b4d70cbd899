"use client";

import { useFormAction } from "@/components/ui/form-action";
import { SelectField, TextField } from "@/components/ui/field";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions";

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;

const FIELDS = [
  { value: "sku", label: "SKU" },
  { value: "title", label: "Line item title" },
];

export function UnitCostForm({ slug, action }: { slug: string; action: Action }) {
  const { state, form } = useFormAction(action);
  return (
    <form {...form} className="space-y-3" aria-label="Add a unit cost" noValidate>
      <ActionNotice state={state} />
      <input type="hidden" name="slug" value={slug} />
      <div className="grid gap-3 sm:grid-cols-[10rem_1fr_10rem_auto] sm:items-start">
        <SelectField label="Match by" name="field" options={FIELDS} error={state?.fields?.field} />
        <TextField label="SKU or title" name="value" placeholder="AP-1" error={state?.fields?.value} />
        <TextField label="Unit cost" name="unitCost" inputMode="decimal" placeholder="12.50" error={state?.fields?.unitCost} />
        <div className="sm:pt-6">
          <SubmitButton pendingLabel="Saving…">Save cost</SubmitButton>
        </div>
      </div>
    </form>
  );
}

export function UnitCostUploadForm({ slug, action }: { slug: string; action: Action }) {
  const { state, form } = useFormAction(action);
  return (
    <form {...form} className="space-y-3" aria-label="Upload unit costs">
      <ActionNotice state={state} />
      <input type="hidden" name="slug" value={slug} />
      <div className="flex flex-wrap items-end gap-3">
        <div className="space-y-1">
          <label htmlFor="unit-cost-file" className="block text-sm font-medium text-slate-700">CSV file</label>
          <input id="unit-cost-file" name="file" type="file" accept=".csv,text/csv" className="block text-sm" />
        </div>
        <SubmitButton variant="secondary" pendingLabel="Importing…">Upload</SubmitButton>
      </div>
      <p className="text-xs text-slate-500">
        Header <code>sku,unit_cost</code> or <code>title,unit_cost</code>, one row per item, costs like 12.50. A file with any bad row
        changes nothing.
      </p>
    </form>
  );
}
