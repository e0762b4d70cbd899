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

/** Shown under a series with days that may still change. */
export function RestatableNote({ count }: { count: number }) {
  if (count === 0) return null;
  const days = count === 1 ? "day" : `${count} days`;
  return (
    <p className="mt-1 text-xs text-amber-700" data-testid="restatable-note">
      <span aria-hidden className={`mr-1 inline-block h-2.5 w-3 rounded-sm align-middle ${HATCH}`} />
      {`The last ${days} (marked *) may still change: ${RESTATABLE_HINT.toLowerCase()}`}
    </p>
  );
}
