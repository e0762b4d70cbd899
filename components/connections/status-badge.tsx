const STYLES: Record<string, { label: string; className: string }> = {
  active: { label: "Active", className: "bg-emerald-50 text-emerald-700 ring-emerald-200" },
  syncing: { label: "Syncing", className: "bg-sky-50 text-sky-700 ring-sky-200" },
  needs_reauth: { label: "Needs reconnecting", className: "bg-amber-50 text-amber-800 ring-amber-200" },
  error: { label: "Error", className: "bg-red-50 text-red-700 ring-red-200" },
  disconnected: { label: "Disconnected", className: "bg-slate-100 text-slate-600 ring-slate-200" },
  queued: { label: "Queued", className: "bg-slate-100 text-slate-600 ring-slate-200" },
  running: { label: "Running", className: "bg-sky-50 text-sky-700 ring-sky-200" },
  succeeded: { label: "Succeeded", className: "bg-emerald-50 text-emerald-700 ring-emerald-200" },
  failed: { label: "Failed", className: "bg-red-50 text-red-700 ring-red-200" },
  cancelled: { label: "Cancelled", className: "bg-slate-100 text-slate-600 ring-slate-200" },
};

export function StatusBadge({ status }: { status: string }) {
  const style = STYLES[status] ?? { label: status, className: "bg-slate-100 text-slate-600 ring-slate-200" };
  return (
    <span data-testid="status-badge" className={`inline-flex rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${style.className}`}>
      {style.label}
    </span>
  );
}
