import { signOutAction } from "@/lib/auth/sign-out";
import { NavLink } from "@/components/ui/nav-link";

export type ShellNavItem = { href: string; label: string; prefix: boolean };

/** The header's row of links; on a phone it takes a row of its own and wraps rather than overflow. */
export function ShellNav({ label, items }: { label: string; items: readonly ShellNavItem[] }) {
  return (
    <nav className="order-last -mx-2.5 flex w-full flex-wrap items-center gap-1 lg:order-none lg:mx-0 lg:w-auto" aria-label={label}>
      {items.map((item) => (
        <NavLink
          key={item.href}
          href={item.href}
          prefix={item.prefix}
          className="whitespace-nowrap rounded-md px-2.5 py-1.5 text-sm text-slate-600 hover:bg-slate-100 hover:text-slate-900"
          activeClassName="bg-slate-100 font-medium text-slate-900"
        >
          {item.label}
        </NavLink>
      ))}
    </nav>
  );
}

/** Who is signed in, and the way out, at the header's end. */
export function SignedInAs({ label }: { label: string }) {
  return (
    <div className="ml-auto flex items-center gap-3">
      <span className="hidden max-w-[14rem] truncate text-sm text-slate-500 xl:inline" data-testid="current-user">
        {label}
      </span>
      <form action={signOutAction}>
        <button type="submit" className="whitespace-nowrap rounded-md px-2.5 py-1.5 text-sm text-slate-600 hover:bg-slate-100">
          Sign out
        </button>
      </form>
    </div>
  );
}
