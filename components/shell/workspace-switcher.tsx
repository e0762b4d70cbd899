"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { usePathname } from "next/navigation";

type Item = { slug: string; name: string; role: string };

export function WorkspaceSwitcher({ current, workspaces }: { current: Item; workspaces: Item[] }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const pathname = usePathname();
  // Close the menu after navigating.
  useEffect(() => {
    if (ref.current) ref.current.open = false;
  }, [pathname]);
  return (
    <details ref={ref} className="group relative">
      <summary
        className="flex cursor-pointer list-none items-center gap-2 rounded-md px-2 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100"
        aria-label="Switch workspace"
      >
        <span className="max-w-[8rem] truncate sm:max-w-[12rem]">{current.name}</span>
        <span aria-hidden className="text-slate-400">▾</span>
      </summary>
      <div className="absolute left-0 z-20 mt-1 w-64 max-w-[calc(100vw-2rem)] rounded-md bg-white py-1 shadow-lg ring-1 ring-slate-200">
        <p className="px-3 py-1.5 text-xs font-medium uppercase tracking-wide text-slate-400">Workspaces</p>
        <ul>
          {workspaces.map((w) => (
            <li key={w.slug}>
              <Link
                href={`/w/${w.slug}`}
                className={`flex items-center justify-between px-3 py-2 text-sm hover:bg-slate-50 ${w.slug === current.slug ? "font-semibold" : ""}`}
              >
                <span className="truncate">{w.name}</span>
                <span className="ml-2 text-xs text-slate-400">{w.role}</span>
              </Link>
            </li>
          ))}
        </ul>
        <div className="mt-1 border-t border-slate-100 pt-1">
          <Link href="/workspaces/new" className="block px-3 py-2 text-sm text-brand-600 hover:bg-slate-50">
            + Create workspace
          </Link>
          <Link href={`/w/${current.slug}/leave`} className="block px-3 py-2 text-sm text-slate-600 hover:bg-slate-50">
            Leave this workspace
          </Link>
        </div>
      </div>
    </details>
  );
}
