// The embedded dashboards' grid apart from the widget bodies (and their charting library), so the
// home's first bundle can use it.

export const WIDGET_ROW_PX = 72;

/** Placeholders the size of the KPI cards, so the figures arriving move nothing. */
export function WidgetPlaceholders({ count }: { count: number }) {
  return (
    <div className="embedded-grid" aria-hidden>
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="embedded-widget embedded-placeholder" data-kind="kpi" style={{ "--span": 3, "--rows": 2, "--row-px": `${WIDGET_ROW_PX}px` } as React.CSSProperties} />
      ))}
    </div>
  );
}
