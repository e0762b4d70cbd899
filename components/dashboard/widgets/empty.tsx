/** A diagonal hatch for days that may still change. */
export const HATCH = "bg-[repeating-linear-gradient(135deg,var(--color-amber-200)_0_3px,transparent_3px_7px)]";

export function NoData() {
  return (
    <div className="grid h-full min-h-16 place-items-center text-sm text-slate-500" data-testid="widget-empty">
      No data in this range.
    </div>
  );
}

export const RESTATABLE_HINT = "Ad platforms may still update these days.";

/** Shown under a series with days that may still change; `compact` for the small KPI cards. */
export function RestatableNote({ count, compact = false }: { count: number; compact?: boolean }) {
  if (count === 0) return null;
  const days = count === 1 ? "day" : `${count} days`;
  return (
    <p className={`mt-1 text-xs text-amber-700 ${compact ? "truncate" : ""}`} data-testid="restatable-note" title={compact ? RESTATABLE_HINT : undefined}>
      <span aria-hidden className={`mr-1 inline-block h-2.5 w-3 rounded-sm align-middle ${HATCH}`} />
      {compact ? `The last ${days} may still change.` : `The last ${days} (marked *) may still change: ${RESTATABLE_HINT.toLowerCase()}`}
    </p>
  );
}
