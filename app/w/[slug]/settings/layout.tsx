import { NavLink } from "@/components/ui/nav-link";
import { PageHeader } from "@/components/ui/card";

export default async function SettingsLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const base = `/w/${(await params).slug}/settings`;
  const tabs = [
    { href: base, label: "General" },
    { href: `${base}/members`, label: "Members" },
    { href: `${base}/api-keys`, label: "API keys" },
    { href: `${base}/tracking`, label: "Tracking" },
    { href: `${base}/metrics`, label: "Metrics" },
    { href: `${base}/notifications`, label: "Notifications" },
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
