// A table that scrolls sideways inside its card on narrow screens. The scrolling box is
// focusable and named so a keyboard user can reach and scroll it.

export const TH = "px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-slate-500";
export const TD = "px-3 py-1.5 text-right tabular-nums";
export const ROW_HEAD = "max-w-[16rem] truncate px-3 py-1.5 text-left font-medium text-slate-800";

export function ScrollTable({ label, testId, children }: { label: string; testId?: string; children: React.ReactNode }) {
  return (
    <div className="max-w-full overflow-x-auto focus-visible:outline-2 focus-visible:outline-brand-600" tabIndex={0} role="region" aria-label={label} data-testid={testId}>
      <table className="min-w-max text-sm">{children}</table>
    </div>
  );
}
