"use client";

import type { TWidget } from "@/lib/dashboards/schema";

// A widget's card: its title bar (drag handle, CSV, edit and remove) around whatever it draws.

export const DRAG_HANDLE_CLASS = "widget-drag-handle";

const ICON_BUTTON = "rounded px-1.5 py-0.5 text-xs text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand-600";

export function WidgetFrame({ widget, canEdit, onEdit, onRemove, csvHref, footer, children }: {
  widget: TWidget;
  canEdit: boolean;
  onEdit: () => void;
  onRemove: () => void;
  csvHref: string | null;
  footer?: React.ReactNode;
  children: React.ReactNode;
}) {
  return (
    <section
      className="flex h-full flex-col overflow-hidden rounded-lg bg-white shadow-sm ring-1 ring-slate-200"
      aria-label={widget.title}
      data-testid="widget"
      data-widget-id={widget.id}
      data-widget-type={widget.type}
    >
      <header className="flex items-center gap-1 border-b border-slate-100 px-3 py-1.5">
        {canEdit ? (
          <button
            type="button"
            className={`${DRAG_HANDLE_CLASS} hidden cursor-move touch-none rounded px-1 text-slate-400 hover:bg-slate-100 hover:text-slate-700 sm:block`}
            aria-label={`Move ${widget.title}`}
            title="Drag to move"
            data-testid="widget-drag-handle"
          >
            ⠿
          </button>
        ) : null}
        <h2 className="min-w-0 flex-1 truncate text-sm font-medium text-slate-800" title={widget.title}>
          {widget.title}
        </h2>
        {csvHref ? (
          <a href={csvHref} className={ICON_BUTTON} download data-testid="widget-csv" aria-label={`Export ${widget.title} as CSV`}>
            CSV
          </a>
        ) : null}
        {canEdit ? (
          <>
            <button type="button" className={ICON_BUTTON} onClick={onEdit} aria-label={`Edit ${widget.title}`} data-testid="widget-edit">
              Edit
            </button>
            <button type="button" className={ICON_BUTTON} onClick={onRemove} aria-label={`Remove ${widget.title}`} data-testid="widget-remove">
              Remove
            </button>
          </>
        ) : null}
      </header>
      <div className="min-h-0 flex-1 overflow-hidden px-3 py-2">
        {widget.problem !== null ? (
          <div className="text-sm text-amber-800" role="alert" data-testid="widget-problem">
            <p>{widget.problem}</p>
            {canEdit ? (
              <button type="button" onClick={onEdit} className="mt-2 font-medium text-brand-600 hover:underline">
                Edit widget
              </button>
            ) : null}
          </div>
        ) : (
          children
        )}
      </div>
      {footer}
    </section>
  );
}
