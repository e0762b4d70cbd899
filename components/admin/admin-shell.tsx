import { Logo } from "@/components/logo";
import { ShellNav, SignedInAs } from "@/components/shell/shell-bar";

// The operator console's frame: its own header and nav, apart from any workspace's shell.
export const ADMIN_NAV = [
  { href: "/admin", label: "Workspaces", prefix: false },
  { href: "/admin/jobs", label: "Jobs", prefix: true },
  { href: "/admin/settings", label: "Settings", prefix: true },
  { href: "/admin/status", label: "Status", prefix: true },
] as const;

export function AdminShell({ email, children }: { email: string; children: React.ReactNode }) {
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-2 gap-y-1 px-4 py-2.5 sm:gap-x-4">
          <Logo href="/admin" />
          <span className="rounded bg-amber-100 px-2 py-0.5 text-xs font-medium text-amber-900">Operator console</span>
          <ShellNav label="Operator console" items={ADMIN_NAV} />
          <SignedInAs label={email} />
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </div>
  );
}
