import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { can, ROLE_LABELS } from "@/lib/tenancy/roles";

export default async function WorkspaceHome({ params }: { params: Promise<{ slug: string }> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug);
  const base = `/w/${workspace.slug}`;
  return (
    <>
      <PageHeader
        title={workspace.name}
        description={`Reporting in ${workspace.timeZone}, amounts in ${workspace.currency}. You are ${ROLE_LABELS[role].toLowerCase()} here.`}
      />
      <Card>
        <div className="flex flex-col items-center px-4 py-12 text-center" data-testid="empty-state">
          <div aria-hidden className="grid h-12 w-12 place-items-center rounded-full bg-brand-50 text-xl text-brand-600">
            ◎
          </div>
          <h2 className="mt-4 text-lg font-semibold">No data yet</h2>
          <p className="mt-2 max-w-md text-sm text-slate-600">
            Once your store, ad accounts and analytics are connected, sales, spend and traffic arrive here by themselves and refresh every
            10 minutes.
          </p>
          {can(role, "members.manage") ? (
            <div className="mt-6 flex flex-wrap justify-center gap-3">
              <Link href={`${base}/settings/members`} className={buttonClass("primary")}>
                Invite your team
              </Link>
              <Link href={`${base}/settings/api-keys`} className={buttonClass("secondary")}>
                Create an API key
              </Link>
            </div>
          ) : (
            <p className="mt-4 text-sm text-slate-500">An admin of this workspace can connect data sources.</p>
          )}
        </div>
      </Card>
    </>
  );
}
