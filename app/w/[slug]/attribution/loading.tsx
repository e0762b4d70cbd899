// Shown while the report loads: the page's outline, so nothing jumps when it arrives.
export default function AttributionLoading() {
  return (
    <div className="space-y-6" aria-busy="true" aria-live="polite" data-testid="attribution-loading">
      <p className="sr-only">Loading the attribution report…</p>
      <div className="h-8 w-48 animate-pulse rounded bg-slate-200" />
      <div className="h-16 animate-pulse rounded-lg bg-slate-100" />
      <div className="h-12 animate-pulse rounded-lg bg-slate-100" />
      <div className="h-64 animate-pulse rounded-lg bg-slate-100" />
    </div>
  );
}
