"use client";

// The dashboard's tag filter: every widget that can be restricted to a tag's customers shows
// only theirs. The choice is kept in the URL (use-range.ts).

export type TTagOption = { id: string; name: string };

export function TagPicker({ tags, value, onChange }: { tags: TTagOption[]; value: string | null; onChange: (tag: string | null) => void }) {
  if (tags.length === 0) return null;
  return (
    <label className="flex min-w-0 flex-col gap-1 text-xs font-medium text-slate-600">
      Customers
      <select
        value={value ?? ""}
        onChange={(event) => onChange(event.target.value || null)}
        className="w-full min-w-0 max-w-56 rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-brand-600"
        data-testid="dashboard-tag"
      >
        <option value="">Everyone</option>
        {tags.map((t) => (
          <option key={t.id} value={t.id}>Tagged {t.name}</option>
        ))}
      </select>
    </label>
  );
}
