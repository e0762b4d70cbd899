import { buttonClass } from "@/components/ui/button";

// The report's switches as a plain GET form: applying it loads the page for the new query, so
// the URL is the view (shareable, bookmarkable), and it works by keyboard and without scripts.

const FIELD = "w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-brand-600";
const LABEL = "flex min-w-0 flex-col gap-1 text-xs font-medium text-slate-600";

export type TControlValues = {
  model: string;
  window: number;
  group_by: string;
  basis: string;
  paid_only: boolean;
  conversion_type: string;
  date_from: string;
  date_to: string;
  /** The tag whose members' orders alone are credited; "" for every order. */
  tag: string;
};

export type TControlOptions = {
  models: { value: string; label: string }[];
  windows: readonly number[];
  groupBy: readonly string[];
  /** The conversion types to choose from; empty when the workspace has no deals to credit. */
  conversionTypes: readonly string[];
  /** The workspace's tags; the picker is left out when it has none. */
  tags: { value: string; label: string }[];
};

const GROUP_LABELS: Record<string, string> = { channel: "Channel", platform: "Ad platform", campaign: "Campaign" };
const CONVERSION_LABELS: Record<string, string> = { order: "Store orders", deal: "Won CRM deals", all: "Orders and deals" };

export function AttributionControls({ action, values, options, keep }: {
  action: string;
  values: TControlValues;
  options: TControlOptions;
  /** Query values the form does not edit but must carry over (the view, the comparison's measure). */
  keep: Record<string, string>;
}) {
  return (
    <form method="get" action={action} className="flex flex-wrap items-end gap-3" data-testid="attribution-controls" aria-label="Report settings">
      {Object.entries(keep).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <label className={`${LABEL} w-40`}>
        Model
        <select name="model" defaultValue={values.model} className={FIELD} data-testid="attribution-model">
          {options.models.map((m) => (
            <option key={m.value} value={m.value}>{m.label}</option>
          ))}
        </select>
      </label>
      <label className={`${LABEL} w-28`}>
        Lookback
        <select name="window" defaultValue={String(values.window)} className={FIELD} data-testid="attribution-window">
          {options.windows.map((w) => (
            <option key={w} value={w}>{w === 1 ? "1 day" : `${w} days`}</option>
          ))}
        </select>
      </label>
      <label className={`${LABEL} w-32`}>
        Group by
        <select name="group_by" defaultValue={values.group_by} className={FIELD} data-testid="attribution-group-by">
          {options.groupBy.map((g) => (
            <option key={g} value={g}>{GROUP_LABELS[g] ?? g}</option>
          ))}
        </select>
      </label>
      <label className={`${LABEL} w-40`}>
        Basis
        <select name="basis" defaultValue={values.basis} className={FIELD} data-testid="attribution-basis">
          <option value="cash">Cash (order day)</option>
          <option value="accrual">Accrual (touch day)</option>
        </select>
      </label>
      {options.conversionTypes.length > 0 ? (
        <label className={`${LABEL} w-40`}>
          Conversions
          <select name="conversion_type" defaultValue={values.conversion_type} className={FIELD} data-testid="attribution-conversion-type">
            {options.conversionTypes.map((c) => (
              <option key={c} value={c}>{CONVERSION_LABELS[c] ?? c}</option>
            ))}
          </select>
        </label>
      ) : null}
      {options.tags.length > 0 ? (
        <label className={`${LABEL} w-44`}>
          Customers
          <select name="tag" defaultValue={values.tag} className={FIELD} data-testid="attribution-tag">
            <option value="">Everyone</option>
            {options.tags.map((t) => (
              <option key={t.value} value={t.value}>Tagged {t.label}</option>
            ))}
          </select>
        </label>
      ) : null}
      <label className={`${LABEL} w-36`}>
        From
        <input type="date" name="date_from" defaultValue={values.date_from} required className={FIELD} />
      </label>
      <label className={`${LABEL} w-36`}>
        To
        <input type="date" name="date_to" defaultValue={values.date_to} required className={FIELD} />
      </label>
      <label className="flex items-center gap-2 py-1.5 text-sm text-slate-700">
        <input type="checkbox" name="paid_only" value="true" defaultChecked={values.paid_only} className="h-4 w-4 rounded border-slate-300" data-testid="attribution-paid-only" />
        Paid touches only
      </label>
      <button type="submit" className={buttonClass("primary")} data-testid="attribution-apply">
        Apply
      </button>
    </form>
  );
}
