import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

// The list's search box and the filters it arrived with (a cohort cell, a segment). A plain GET
// form: Enter searches, and the result is a URL like any other.

export function CustomerSearch({ action, search, keep }: { action: string; search: string | null; keep: [string, string][] }) {
  return (
    <form action={action} method="get" role="search" className="flex flex-wrap items-end gap-2">
      {keep.map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <label className="flex min-w-0 flex-1 flex-col gap-1 text-sm sm:max-w-md">
        <span className="font-medium text-slate-700">Find a customer</span>
        <input
          type="search"
          name="search"
          defaultValue={search ?? ""}
          placeholder="Email or store customer id"
          maxLength={320}
          className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-brand-600 focus:outline-none focus:ring-1 focus:ring-brand-600"
        />
      </label>
      <button type="submit" className={buttonClass("secondary")}>
        Search
      </button>
    </form>
  );
}

export function ActiveFilters({ filters, clearHref }: { filters: string[]; clearHref: string }) {
  if (filters.length === 0) return null;
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm" aria-label="Active filters">
      {filters.map((f) => (
        <span key={f} className="rounded-full bg-slate-100 px-2.5 py-1 text-slate-700">
          {f}
        </span>
      ))}
      <Link href={clearHref} className="text-brand-700 hover:underline">
        Show all customers
      </Link>
    </div>
  );
}
