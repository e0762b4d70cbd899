import { NavLink } from "@/components/ui/nav-link";
import { PageHeader } from "@/components/ui/card";
import { can } from "@/lib/tenancy/roles";
import { requireWorkspacePage } from "@/lib/tenancy/server";

export default async function SettingsLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const base = `/w/${slug}/settings`;
  // Billing and exports are the owners' alone, the audit trail the admins'; the others are not shown a tab that answers 403.
  const { role } = await requireWorkspacePage(slug);
  const tabs = [
    { href: base, label: "General" },
    { href: `${base}/members`, label: "Members" },
    { href: `${base}/api-keys`, label: "API keys" },
    { href: `${base}/tracking`, label: "Tracking" },
    { href: `${base}/metrics`, label: "Metrics" },
    { href: `${base}/activity`, label: "Activity" },
    { href: `${base}/notifications`, label: "Notifications" },
    ...(can(role, "audit.read") ? [{ href: `${base}/audit`, label: "Audit trail" }] : []),
    ...(can(role, "billing.manage") ? [{ href: `${base}/billing`, label: "Billing" }] : []),
    ...(can(role, "support.manage") ? [{ href: `${base}/support`, label: "Support access" }] : []),
    ...(can(role, "privacy.export") ? [{ href: `${base}/export`, label: "Export" }] : []),
  ];
  return (
    <>
      <PageHeader title="Settings" />
      <nav className="mb-6 flex flex-wrap gap-x-1 border-b border-slate-200" aria-label="Settings">
        {tabs.map((tab) => (
          <NavLink
            key={tab.href}
            href={tab.href}
            className="whitespace-nowrap border-b-2 border-transparent px-3 py-2 text-sm text-slate-600 hover:border-slate-300 hover:text-slate-900"
            activeClassName="!border-brand-600 font-medium !text-slate-900"
          >
            {tab.label}
          </NavLink>
        ))}
      </nav>
      <div className="space-y-6">{children}</div>
    </>
  );
}
