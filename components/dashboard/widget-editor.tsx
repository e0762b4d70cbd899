"use client";

import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField, TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import { CampaignPicker } from "./campaign-picker";
import { useSavedFunnels } from "@/components/funnels/funnel-widget";
import { isCohortWidget, isFunnelWidget, isPipelineWidget, isPivotWidget, PIVOT_MAX_COLUMNS, PIVOT_MAX_ROWS, readsKpiReport, WIDGET_TYPES, type TCohortWidget, type TPivotWidget, type TWidgetConfig, type WidgetType } from "@/lib/dashboards/schema";
import { PIVOT_DIMENSIONS, PIVOT_METRICS } from "@/lib/dashboards/pivot-config";
import { COHORT_GRAINS } from "@/lib/cohorts/periods";
import { COHORT_METRICS, COHORT_SEGMENTS } from "@/lib/cohorts/request";
import { SEGMENT_LABELS } from "@/lib/cohorts/names";
import { COHORT_METRIC_DEFINITIONS } from "@/lib/cohorts/metrics";
import { DIMENSIONS, type Dimension, type TReportFilters } from "@/lib/metrics/report/schema";
import { DIMENSION_LABELS } from "./dimension-labels";
import type { TMetricInfo } from "@/lib/metrics/report/types";

export const WIDGET_TYPE_LABELS: Record<WidgetType, string> = {
  kpi: "KPI card",
  line: "Line chart",
  area: "Area chart",
  bar: "Bar chart",
  table: "Table",
  pivot: "Pivot table",
  bar_list: "Bar list",
  donut: "Donut",
  cohort_heatmap: "Cohort heatmap",
  ltv_curves: "LTV curves",
  ltv_cac: "LTV:CAC and payback",
  predicted_vs_actual: "Predicted vs actual LTV",
  funnel: "Funnel",
  pipeline: "CRM pipeline",
};

const FILTER_FIELDS = [
  { name: "platform", label: "Platforms", hint: "e.g. google_ads, meta_ads" },
  { name: "channel", label: "Channels", hint: "e.g. google, direct" },
  { name: "campaign", label: "Campaigns", hint: "Picked by name" },
  { name: "ad_group", label: "Ad groups", hint: "Ad group or ad set ids" },
  { name: "ad", label: "Ads", hint: "Ad ids" },
  { name: "product_group", label: "Product groups", hint: "Group keys" },
] as const;

export type WidgetDraft = { type: WidgetType; title: string; config: TWidgetConfig };

const SHARE_TYPES: readonly WidgetType[] = ["bar_list", "donut"];
const LIMITED_TYPES: readonly WidgetType[] = ["table", "bar_list", "donut"];

const splitList = (text: string) => text.split(",").map((v) => v.trim()).filter(Boolean);

/** The config a draft's form values describe; KPI cards have no breakdown and only tables sort. */
export function draftConfig(type: WidgetType, values: {
  metrics: string[];
  breakdown: Dimension | "";
  filters: Record<string, string>;
  sortMetric: string;
  sortDirection: "asc" | "desc";
  limit: number;
}): TWidgetConfig {
  const filters: TReportFilters = {};
  for (const { name } of FILTER_FIELDS) {
    const list = splitList(values.filters[name] ?? "");
    if (list.length) filters[name] = list;
  }
  const sortable = type === "table" && values.sortMetric && values.metrics.includes(values.sortMetric);
  return {
    metrics: values.metrics,
    breakdown: type === "kpi" ? null : values.breakdown || (SHARE_TYPES.includes(type) || type === "bar" ? "channel" : "day"),
    filters,
    sort: sortable ? { metric: values.sortMetric, direction: values.sortDirection } : null,
    limit: values.limit,
  };
}

/** Picks a widget's type, title, metrics, breakdown, filters and table options. */
export function WidgetEditor({ slug, initial, catalogue, onSave, onCancel, submitLabel }: {
  slug: string;
  initial: WidgetDraft | null;
  catalogue: TMetricInfo[];
  onSave: (draft: WidgetDraft) => Promise<void>;
  onCancel: () => void;
  submitLabel: string;
}) {
  const [type, setType] = useState<WidgetType>(initial?.type ?? "kpi");
  const [title, setTitle] = useState(initial?.title ?? "");
  // A metric the workspace no longer has (a deleted product group) is dropped, so saving fixes the widget.
  const [metrics, setMetrics] = useState<string[]>(() => (initial?.config.metrics ?? []).filter((id) => catalogue.some((m) => m.id === id)));
  const [breakdown, setBreakdown] = useState<Dimension | "">(initial?.config.breakdown ?? "");
  const [filters, setFilters] = useState<Record<string, string>>(
    Object.fromEntries(FILTER_FIELDS.map(({ name }) => [name, (initial?.config.filters[name] ?? []).join(", ")])),
  );
  const [sortMetric, setSortMetric] = useState(initial?.config.sort?.metric ?? "");
  const [sortDirection, setSortDirection] = useState<"asc" | "desc">(initial?.config.sort?.direction ?? "desc");
  const [limit, setLimit] = useState(initial?.config.limit ?? 10);
  const [pivot, setPivot] = useState<TPivotWidget>({
    dimensions: initial?.config.pivot?.dimensions ?? ["product", "country"],
    top_rows: initial?.config.pivot?.top_rows ?? 10,
    top_columns: initial?.config.pivot?.top_columns ?? 6,
  });
  const pivotType = isPivotWidget(type);
  const [cohort, setCohort] = useState<TCohortWidget>({
    period: initial?.config.cohort?.period ?? "month",
    metric: initial?.config.cohort?.metric ?? "retention",
    segment: initial?.config.cohort?.segment ?? null,
    segment_value: initial?.config.cohort?.segment_value ?? null,
    cohort_by: initial?.config.cohort?.cohort_by ?? null,
  });
  const cohortType = isCohortWidget(type);
  const funnelType = isFunnelWidget(type);
  const [funnelId, setFunnelId] = useState(initial?.config.funnel?.funnel_id ?? "");
  const savedFunnels = useSavedFunnels(slug, funnelType);
  const [search, setSearch] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  const labelOf = useMemo(() => new Map(catalogue.map((m) => [m.id, m.label])), [catalogue]);
  // A pivot table's "Other" and totals are remainders and sums: only metrics that add up fit.
  const shown = catalogue.filter(
    (m) => (!pivotType || PIVOT_METRICS.includes(m.id)) && (!search || `${m.label} ${m.id}`.toLowerCase().includes(search.toLowerCase())),
  );

  function toggleMetric(id: string) {
    setMetrics((current) => (current.includes(id) ? current.filter((m) => m !== id) : [...current, id]));
  }

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    if (readsKpiReport(type) && metrics.length === 0) return setError("Pick at least one metric.");
    if (funnelType && !funnelId) return setError("Pick a saved funnel.");
    const funnelName = savedFunnels.data?.find((f) => f.id === funnelId)?.name;
    const finalTitle = title.trim() || (funnelType ? (funnelName ?? WIDGET_TYPE_LABELS[type]) : cohortType || isPipelineWidget(type) ? WIDGET_TYPE_LABELS[type] : (labelOf.get(metrics[0]!) ?? metrics[0]!));
    setSaving(true);
    setError(null);
    try {
      const config: TWidgetConfig = isPipelineWidget(type)
        ? { metrics: [], breakdown: null, filters: {}, sort: null, limit: 10 }
        : funnelType
        ? { metrics: [], breakdown: null, filters: {}, sort: null, limit: 10, funnel: { funnel_id: funnelId } }
        : cohortType
        ? { metrics: [], breakdown: null, filters: {}, sort: null, limit: 10, cohort: { ...cohort, segment_value: cohort.segment ? cohort.segment_value : null } }
        : pivotType
        ? { ...draftConfig(type, { metrics, breakdown, filters, sortMetric, sortDirection, limit }), breakdown: null, pivot }
        : draftConfig(type, { metrics, breakdown, filters, sortMetric, sortDirection, limit });
      await onSave({ type, title: finalTitle, config });
    } catch (e) {
      setError(e instanceof Error ? e.message : "The widget could not be saved.");
    } finally {
      setSaving(false);
    }
  }

  return (
    <form onSubmit={submit} className="space-y-4" data-testid="widget-editor">
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Type"
          name="widget-type"
          value={type}
          onChange={(e) => setType(e.target.value as WidgetType)}
          options={WIDGET_TYPES.map((t) => ({ value: t, label: WIDGET_TYPE_LABELS[t] }))}
        />
        <TextField label="Title" name="widget-title" value={title} onChange={(e) => setTitle(e.target.value)} maxLength={120} placeholder="Named after the first metric" />
      </div>

      {cohortType ? (
        <div className="grid gap-4 sm:grid-cols-2" data-testid="cohort-widget-fields">
          <SelectField
            label="Cohort period"
            name="cohort-period"
            value={cohort.period}
            onChange={(e) => setCohort((c) => ({ ...c, period: e.target.value as TCohortWidget["period"] }))}
            options={COHORT_GRAINS.map((g) => ({ value: g, label: `${g[0]!.toUpperCase()}${g.slice(1)}` }))}
          />
          {type === "cohort_heatmap" ? (
            <SelectField
              label="Metric"
              name="cohort-metric"
              value={cohort.metric}
              onChange={(e) => setCohort((c) => ({ ...c, metric: e.target.value as TCohortWidget["metric"] }))}
              options={COHORT_METRICS.map((m) => ({ value: m, label: COHORT_METRIC_DEFINITIONS[m].label }))}
            />
          ) : null}
          <SelectField
            label="Segment"
            name="cohort-segment"
            value={cohort.segment ?? ""}
            onChange={(e) => setCohort((c) => ({ ...c, segment: (e.target.value || null) as TCohortWidget["segment"] }))}
            options={[{ value: "", label: "All customers" }, ...COHORT_SEGMENTS.map((s) => ({ value: s, label: SEGMENT_LABELS[s] }))]}
          />
          {cohort.segment ? (
            <TextField
              label="Segment value"
              name="cohort-segment-value"
              hint="e.g. google, a product group key, yes / no"
              value={cohort.segment_value ?? ""}
              onChange={(e) => setCohort((c) => ({ ...c, segment_value: e.target.value || null }))}
            />
          ) : null}
          <SelectField
            label="Cohort by"
            name="cohort-by"
            value={cohort.cohort_by ?? ""}
            onChange={(e) => setCohort((c) => ({ ...c, cohort_by: (e.target.value || null) as TCohortWidget["cohort_by"] }))}
            options={[{ value: "", label: "First-order date" }, ...COHORT_SEGMENTS.map((s) => ({ value: s, label: SEGMENT_LABELS[s] }))]}
          />
        </div>
      ) : null}

      {funnelType ? (
        <div data-testid="funnel-widget-fields">
          {savedFunnels.data && savedFunnels.data.length === 0 ? (
            <p className="text-sm text-slate-600">No saved funnels yet: build one on the Funnels page and save it, then show it here.</p>
          ) : (
            <SelectField
              label="Saved funnel"
              name="widget-funnel"
              value={funnelId}
              onChange={(e) => setFunnelId(e.target.value)}
              options={[{ value: "", label: savedFunnels.isLoading ? "Loading…" : "Pick a funnel" }, ...(savedFunnels.data ?? []).map((f) => ({ value: f.id, label: f.name }))]}
            />
          )}
        </div>
      ) : null}

      {readsKpiReport(type) ? (
        <>
          <fieldset>
            <legend className="text-sm font-medium text-slate-700">
              Metrics <span className="font-normal text-slate-500">{type === "kpi" ? "(the card shows the first picked)" : `(${metrics.length} picked)`}</span>
            </legend>
            {metrics.length ? (
              <p className="mt-1 text-xs text-slate-600" data-testid="picked-metrics">
                {metrics.map((id) => labelOf.get(id) ?? id).join(", ")}
              </p>
            ) : null}
            <input
              type="search"
              aria-label="Find a metric"
              placeholder="Find a metric"
              value={search}
              onChange={(e) => setSearch(e.target.value)}
              className="mt-2 block w-full rounded-md border-0 px-3 py-1.5 text-sm ring-1 ring-inset ring-slate-300"
            />
            <div className="mt-2 max-h-48 overflow-y-auto rounded-md ring-1 ring-slate-200">
              {shown.map((m) => (
                <label key={m.id} className="flex cursor-pointer items-start gap-2 px-3 py-1.5 text-sm hover:bg-slate-50" title={m.description}>
                  <input type="checkbox" className="mt-0.5" checked={metrics.includes(m.id)} onChange={() => toggleMetric(m.id)} value={m.id} />
                  <span>
                    {m.label} <span className="text-xs text-slate-400">{m.id}</span>
                  </span>
                </label>
              ))}
              {shown.length === 0 ? <p className="px-3 py-2 text-sm text-slate-500">No metric matches.</p> : null}
            </div>
          </fieldset>

          {pivotType ? (
            <div className="grid gap-4 sm:grid-cols-2" data-testid="pivot-widget-fields">
              {(["Rows", "Columns"] as const).map((label, i) => (
                <SelectField
                  key={label}
                  label={label}
                  name={`pivot-${label.toLowerCase()}`}
                  value={pivot.dimensions[i] ?? ""}
                  onChange={(e) => setPivot((p) => ({ ...p, dimensions: p.dimensions.map((d, j) => (j === i ? e.target.value : d)) }))}
                  options={PIVOT_DIMENSIONS.map((d) => ({ value: d, label: DIMENSION_LABELS[d] }))}
                />
              ))}
              {([["top_rows", "Top rows", PIVOT_MAX_ROWS], ["top_columns", "Top columns", PIVOT_MAX_COLUMNS]] as const).map(([field, label, max]) => (
                <TextField
                  key={field}
                  label={label}
                  name={`pivot-${field.replace("_", "-")}`}
                  type="number"
                  min={1}
                  max={max}
                  hint={`The rest are summed into "Other" (1–${max})`}
                  value={pivot[field]}
                  onChange={(e) => setPivot((p) => ({ ...p, [field]: Number(e.target.value) || 1 }))}
                />
              ))}
            </div>
          ) : type !== "kpi" ? (
            <SelectField
              label="Breakdown"
              name="widget-breakdown"
              value={breakdown}
              onChange={(e) => setBreakdown(e.target.value as Dimension | "")}
              options={[{ value: "", label: "Default" }, ...DIMENSIONS.map((d) => ({ value: d, label: DIMENSION_LABELS[d] }))]}
            />
          ) : null}

          <fieldset>
            <legend className="text-sm font-medium text-slate-700">Filters <span className="font-normal text-slate-500">(comma-separated; empty means all)</span></legend>
            <div className="mt-2 grid gap-3 sm:grid-cols-2">
              {FILTER_FIELDS.map((f) =>
                f.name === "campaign" ? (
                  <CampaignPicker
                    key={f.name}
                    slug={slug}
                    label={f.label}
                    value={splitList(filters.campaign ?? "")}
                    onChange={(ids) => setFilters((current) => ({ ...current, campaign: ids.join(", ") }))}
                  />
                ) : (
                  <TextField
                    key={f.name}
                    label={f.label}
                    name={`filter-${f.name}`}
                    hint={f.hint}
                    value={filters[f.name] ?? ""}
                    onChange={(e) => setFilters((current) => ({ ...current, [f.name]: e.target.value }))}
                  />
                ),
              )}
            </div>
          </fieldset>

          {LIMITED_TYPES.includes(type) ? (
            <div className="grid gap-4 sm:grid-cols-3">
              {type === "table" ? (
                <>
                  <SelectField
                    label="Sort by"
                    name="widget-sort"
                    value={sortMetric}
                    onChange={(e) => setSortMetric(e.target.value)}
                    options={[{ value: "", label: "Breakdown order" }, ...metrics.map((id) => ({ value: id, label: labelOf.get(id) ?? id }))]}
                  />
                  <SelectField
                    label="Direction"
                    name="widget-sort-direction"
                    value={sortDirection}
                    onChange={(e) => setSortDirection(e.target.value as "asc" | "desc")}
                    options={[{ value: "desc", label: "Highest first" }, { value: "asc", label: "Lowest first" }]}
                  />
                </>
              ) : null}
              <TextField label="Rows" name="widget-limit" type="number" min={1} max={500} value={limit} onChange={(e) => setLimit(Number(e.target.value) || 1)} />
            </div>
          ) : null}

        </>
      ) : null}

      {error ? <Notice tone="error">{error}</Notice> : null}
      <div className="flex justify-end gap-2">
        <Button type="button" variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={saving} data-testid="widget-save">
          {saving ? "Saving…" : submitLabel}
        </Button>
      </div>
    </form>
  );
}
