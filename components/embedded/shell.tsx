"use client";

import Link, { useLinkStatus } from "next/link";
import { usePathname } from "next/navigation";
import { useEmbeddedHref } from "./links";

// The frame around every embedded view: App Bridge's title bar and navigation menu (drawn by the
// admin, outside the iframe) and the same navigation as tabs inside the page, for keyboards and
// narrow screens where the admin folds its menu away.

export const EMBEDDED_NAV = [
  { href: "/embedded", label: "Home" },
  { href: "/embedded/dashboards", label: "Dashboards" },
  { href: "/embedded/cohorts", label: "Cohorts" },
  { href: "/embedded/connections", label: "Connections" },
  { href: "/embedded/tracking", label: "Tracking" },
  { href: "/embedded/settings", label: "Settings" },
  { href: "/embedded/billing", label: "Billing" },
] as const;

/**
 * A tab's view is fetched from the server before the frame shows it (and before its URL changes):
 * on a slow connection the clicked tab says it is on its way, rather than nothing happening.
 */
function TabLabel({ label }: { label: string }) {
  const { pending } = useLinkStatus();
  return <span className={pending ? "embedded-tab-pending" : undefined}>{label}</span>;
}

export function EmbeddedPage({ title, children }: { title: string; children: React.ReactNode }) {
  const href = useEmbeddedHref();
  const pathname = usePathname();
  return (
    <>
      <ui-title-bar title={title} />
      <ui-nav-menu>
        <a href={href("/embedded")} rel="home">
          Home
        </a>
        {EMBEDDED_NAV.slice(1).map((item) => (
          <a key={item.href} href={href(item.href)}>
            {item.label}
          </a>
        ))}
      </ui-nav-menu>
      <nav aria-label="Signalboard" className="embedded-tabs">
        {EMBEDDED_NAV.map((item) => {
          const current = item.href === "/embedded" ? pathname === "/embedded" : pathname.startsWith(item.href);
          return (
            <Link key={item.href} href={href(item.href)} aria-current={current ? "page" : undefined} className="embedded-tab">
              <TabLabel label={item.label} />
            </Link>
          );
        })}
      </nav>
      <main className="mx-auto w-full max-w-6xl px-3 pb-10 sm:px-6">
        <h1 className="embedded-title">{title}</h1>
        {children}
      </main>
    </>
  );
}
