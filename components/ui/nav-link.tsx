"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

/** A link that marks itself current when its path is the page's (or, with `prefix`, a parent of it). */
export function NavLink({ href, children, className, activeClassName, prefix = false }: {
  href: string;
  children: React.ReactNode;
  className: string;
  activeClassName: string;
  prefix?: boolean;
}) {
  const pathname = usePathname();
  const active = pathname === href || (prefix && pathname.startsWith(`${href}/`));
  return (
    <Link href={href} className={`${className} ${active ? activeClassName : ""}`} aria-current={active ? "page" : undefined}>
      {children}
    </Link>
  );
}
