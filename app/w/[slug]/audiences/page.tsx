import type { Metadata } from "next";
import Link from "next/link";
import { CustomersNav } from "@/components/customers/customers-nav";
import { Card, PageHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { listAudiences } from "@/lib/audiences/audience";
import { requireWorkspacePage } from "@/lib/tenancy/server";

export const metadata: Metadata = { title: "Audiences" };

export default async function AudiencesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { workspace } = await requireWorkspacePage((await params).slug);
  const audiences = await listAudiences(workspace.id);
  return (
    <div>
      <PageHeader
        title="Audiences"
        description="Every tag is an audience: its size over time, its members, an export, a webhook on join and leave, and a Klaviyo list kept in step."
        actions={<CustomersNav slug={workspace.slug} current="audiences" only={["customers/tags", "customers/segments"]} />}
      />
      <Card>
        {audiences.length === 0 ? (
          <div className="space-y-2 py-6 text-center" data-testid="audiences-empty">
            <p className="font-medium text-slate-900">No audiences yet.</p>
            <p className="text-sm text-slate-600">
              An audience is a tag. <Link href={`/w/${workspace.slug}/customers/tags`} className="text-blue-700 hover:underline">Tag customers</Link> by hand, from a CSV of emails, or with a rule (a rule&apos;s tag is a saved segment that keeps itself up to date), and it appears here.
            </p>
          </div>
        ) : (
          <DataTable columns={[{ label: "Audience" }, { label: "Kind" }, { label: "People", align: "right" }]}>
            {audiences.map((audience) => (
              <tr key={audience.id} data-testid="audience-row">
                <td className="py-2 pr-4">
                  <Link href={`/w/${workspace.slug}/audiences/${audience.id}`} className="font-medium text-blue-700 hover:underline">
                    {audience.name}
                  </Link>
                  {audience.description ? <p className="text-xs text-slate-500">{audience.description}</p> : null}
                </td>
                <td className="py-2 pr-4 text-slate-600">{audience.kind === "rule" ? "Rule (saved segment)" : "Manual"}</td>
                <td className="py-2 pr-4 text-right tabular-nums">{audience.size.toLocaleString("en")}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </div>
  );
}
