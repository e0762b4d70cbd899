import { PastDueBanner } from "@/components/billing/past-due-banner";
import { AttentionBanner } from "@/components/connections/attention-banner";
import type { PastDueNotice } from "@/lib/billing/past-due";
import { Logo } from "@/components/logo";
import type { ConnectionAttention } from "@/lib/connections/health";
import { can, type Role } from "@/lib/tenancy/roles";
import { ShellNav, SignedInAs } from "./shell-bar";
import { SupportAccessBanner } from "./support-access-banner";
import { WorkspaceSwitcher } from "./workspace-switcher";

export function AppShell({ user, workspace, role, workspaces, alerts = [], pastDue = null, support = null, children }: {
  user: { email: string; name: string | null };
  workspace: { slug: string; name: string };
  role: Role;
  workspaces: { slug: string; name: string; role: string }[];
  alerts?: ConnectionAttention[];
  pastDue?: PastDueNotice | null;
  /** An operator reading the workspace through its owner's support access. */
  support?: { expiresAt: Date } | null;
  children: React.ReactNode;
}) {
  const base = `/w/${workspace.slug}`;
  const nav = [
    { href: base, label: "Home", prefix: false },
    { href: `${base}/dashboards`, label: "Dashboards", prefix: true },
    { href: `${base}/customers`, label: "Customers", prefix: true },
    { href: `${base}/audiences`, label: "Audiences", prefix: true },
    { href: `${base}/products`, label: "Products", prefix: true },
    { href: `${base}/exceptions`, label: "Exceptions", prefix: true },
    { href: `${base}/cohorts`, label: "Cohorts", prefix: true },
    { href: `${base}/models/ltv`, label: "LTV model", prefix: true },
    { href: `${base}/attribution`, label: "Attribution", prefix: true },
    { href: `${base}/creatives`, label: "Creatives", prefix: true },
    { href: `${base}/channels/owned`, label: "Owned channels", prefix: true },
    { href: `${base}/channels/costs`, label: "Channel costs", prefix: true },
    { href: `${base}/douplus`, label: "DOU+", prefix: true },
    { href: `${base}/funnels`, label: "Funnels", prefix: true },
    { href: `${base}/crm`, label: "CRM", prefix: true },
    { href: `${base}/tracking`, label: "Tracking", prefix: true },
    { href: `${base}/digests`, label: "Digests", prefix: true },
    { href: `${base}/alerts`, label: "Alerts", prefix: true },
    { href: `${base}/connections`, label: "Connections", prefix: true },
    { href: `${base}/imports`, label: "Imports", prefix: true },
    ...(can(role, "settings.manage") ? [{ href: `${base}/settings`, label: "Settings", prefix: true }] : []),
  ];
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        {/* On a phone the workspace's links take a row of their own below the logo and switcher,
            and wrap rather than run past the screen's edge. */}
        <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-2 gap-y-1 px-4 py-2.5 sm:gap-x-4">
          <Logo href={base} />
          <span className="text-slate-300" aria-hidden>
            /
          </span>
          <div className="min-w-0">
            <WorkspaceSwitcher current={{ ...workspace, role }} workspaces={workspaces} />
          </div>
          <ShellNav label="Workspace" items={nav} />
          <SignedInAs label={user.name ?? user.email} />
        </div>
      </header>
      {support ? <SupportAccessBanner workspace={workspace} expiresAt={support.expiresAt} /> : null}
      {pastDue ? <PastDueBanner notice={pastDue} /> : null}
      {alerts.map((alert) => (
        <AttentionBanner key={alert.id} base={base} alert={alert} />
      ))}
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </div>
  );
}
