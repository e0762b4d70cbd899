import Link from "next/link";
import { buttonClass } from "@/components/ui/button";

// The customers pages' header links to one another (the current one left out).

const PAGES = [
  { path: "customers", label: "Customers" },
  { path: "customers/segments", label: "Segments" },
  { path: "customers/tags", label: "Tags" },
  { path: "customers/merges", label: "Merges" },
  { path: "audiences", label: "Audiences" },
] as const;

export type CustomersPage = (typeof PAGES)[number]["path"];

export function CustomersNav({ slug, current, only }: { slug: string; current: CustomersPage; only?: readonly CustomersPage[] }) {
  return (
    <nav aria-label="Customers pages" className="flex flex-wrap gap-2">
      {PAGES.filter((p) => p.path !== current && (!only || only.includes(p.path))).map((p) => (
        <Link key={p.path} href={`/w/${slug}/${p.path}`} className={buttonClass("secondary")}>
          {p.label}
        </Link>
      ))}
    </nav>
  );
}
