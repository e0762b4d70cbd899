"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { TDashboard, TWidget } from "@/lib/dashboards/schema";
import type { TMetricInfo, TReport } from "@/lib/metrics/report/types";
import { dashboardKeys, dashboardsApi, type LayoutItem, type TDashboardSummary } from "./api";
import { DashboardHeader } from "./dashboard-header";
import { nextWidgetLayout } from "./layout";
import { Modal } from "./modal";
import { RangePicker } from "./range-picker";
import { TagPicker, type TTagOption } from "./tag-picker";
import { RebuildNotice } from "./rebuild-notice";
import { rangeQuery, useRange } from "./use-range";
import { WidgetCard } from "./widget-card";
import { WidgetEditor, type WidgetDraft } from "./widget-editor";
import { WidgetGrid } from "./widget-grid";

type Editing = { mode: "add" } | { mode: "edit"; widget: TWidget } | null;

export function DashboardView({ slug, canEdit, timeZone, catalogue, initialDashboard, initialList, initialReports, headingLevel = 1, tags = [] }: {
  slug: string;
  canEdit: boolean;
  timeZone: string;
  catalogue: TMetricInfo[];
  initialDashboard: TDashboard;
  initialList: TDashboardSummary[];
  initialReports: Record<string, TReport>;
  /** 2 where the page has its own h1 (the workspace home). */
  headingLevel?: 1 | 2;
  /** The workspace's tags, for the tag filter. */
  tags?: TTagOption[];
}) {
  const router = useRouter();
  const client = useQueryClient();
  const id = initialDashboard.id;
  const detailKey = dashboardKeys.detail(slug, id);
  const { data: dashboard } = useQuery({ queryKey: detailKey, queryFn: () => dashboardsApi.get(slug, id), initialData: initialDashboard });
  const { data: list } = useQuery({ queryKey: dashboardKeys.list(slug), queryFn: () => dashboardsApi.list(slug), initialData: initialList });
  const { selection, range, compareRange, compareUntil, period, setSelection, tag, setTag } = useRange(timeZone);
  const [editing, setEditing] = useState<Editing>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = () => client.invalidateQueries({ queryKey: dashboardKeys.all(slug) });
  const query = rangeQuery(selection, tag);

  const layoutMutation = useMutation({
    mutationFn: (items: LayoutItem[]) => dashboardsApi.saveLayout(slug, id, items),
    onMutate: (items) => {
      setError(null);
      const previous = client.getQueryData<TDashboard>(detailKey);
      const byId = new Map(items.map((item) => [item.id, item]));
      client.setQueryData<TDashboard>(detailKey, (current) =>
        current && {
          ...current,
          widgets: current.widgets.map((w) => {
            const item = byId.get(w.id);
            return item ? { ...w, layout: { x: item.x, y: item.y, w: item.w, h: item.h } } : w;
          }),
        },
      );
      return { previous };
    },
    onError: (e, _items, context) => {
      if (context?.previous) client.setQueryData(detailKey, context.previous);
      setError(`The layout was not saved: ${e.message}`);
    },
  });

  async function saveWidget(draft: WidgetDraft) {
    if (editing?.mode === "edit") {
      await dashboardsApi.updateWidget(slug, id, editing.widget.id, draft);
    } else {
      await dashboardsApi.addWidget(slug, id, { ...draft, layout: nextWidgetLayout(dashboard.widgets, draft.type) });
    }
    await refresh();
    setEditing(null);
  }

  async function removeWidget(widget: TWidget) {
    setError(null);
    try {
      await dashboardsApi.removeWidget(slug, id, widget.id);
      await refresh();
    } catch (e) {
      setError(e instanceof Error ? e.message : "The widget could not be removed.");
    }
  }

  const actions = {
    rename: async (name: string) => {
      await dashboardsApi.update(slug, id, { name });
      await refresh();
    },
    makeDefault: async () => {
      await dashboardsApi.update(slug, id, { is_default: true });
      await refresh();
    },
    duplicate: async () => {
      const copy = await dashboardsApi.duplicate(slug, id);
      await refresh();
      router.push(`/w/${slug}/dashboards/${copy.id}${query}`);
    },
    remove: async () => {
      await dashboardsApi.remove(slug, id);
      await client.removeQueries({ queryKey: detailKey });
      await refresh();
      router.push(`/w/${slug}/dashboards`);
    },
  };

  return (
    <div>
      <DashboardHeader headingLevel={headingLevel} slug={slug} dashboard={dashboard} dashboards={list} canEdit={canEdit} query={query} actions={actions} />
      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <div className="flex min-w-0 flex-wrap items-end gap-3">
          <RangePicker key={query} selection={selection} range={range} compareRange={compareRange} compareUntil={compareUntil} onChange={setSelection} />
          <TagPicker tags={tags} value={tag} onChange={setTag} />
        </div>
        {canEdit ? (
          <Button onClick={() => setEditing({ mode: "add" })} data-testid="add-widget">
            Add widget
          </Button>
        ) : null}
      </div>
      <RebuildNotice slug={slug} />
      {error ? (
        <div className="mb-3">
          <Notice tone="error">{error}</Notice>
        </div>
      ) : null}
      {dashboard.widgets.length === 0 ? (
        <div className="rounded-lg border border-dashed border-slate-300 px-4 py-12 text-center text-sm text-slate-500" data-testid="dashboard-empty">
          This dashboard has no widgets yet.{canEdit ? " Add one to start." : ""}
        </div>
      ) : (
        <WidgetGrid widgets={dashboard.widgets} editable={canEdit} onLayoutSaved={(items) => layoutMutation.mutate(items)}>
          {(widget) => (
            <WidgetCard
              slug={slug}
              widget={widget}
              range={range}
              compare={selection.compare}
              period={period}
              tag={tag}
              initialReports={initialReports}
              canEdit={canEdit}
              onEdit={() => setEditing({ mode: "edit", widget })}
              onRemove={() => void removeWidget(widget)}
            />
          )}
        </WidgetGrid>
      )}
      <Modal title={editing?.mode === "edit" ? "Edit widget" : "Add widget"} open={editing !== null} onClose={() => setEditing(null)} testId="widget-dialog">
        {editing ? (
          <WidgetEditor
            slug={slug}
            key={editing.mode === "edit" ? editing.widget.id : "new"}
            initial={editing.mode === "edit" ? editing.widget : null}
            catalogue={catalogue}
            onSave={saveWidget}
            onCancel={() => setEditing(null)}
            submitLabel={editing.mode === "edit" ? "Save widget" : "Add widget"}
          />
        ) : null}
      </Modal>
    </div>
  );
}
