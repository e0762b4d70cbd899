import type { Metadata } from "next";
import { CustomersNav } from "@/components/customers/customers-nav";
import { TagsManager } from "@/components/tags/tags-manager";
import { PageHeader } from "@/components/ui/card";
import { ruleBuilderOptions } from "@/lib/tags/builder-options";
import { listTags } from "@/lib/tags/service";
import { can } from "@/lib/tenancy/roles";
import { requireWorkspacePage } from "@/lib/tenancy/server";

export const metadata: Metadata = { title: "Tags" };

export default async function TagsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug);
  const [tags, options] = await Promise.all([listTags(workspace.id), ruleBuilderOptions(workspace.id)]);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Tags"
        description="Tag customers by hand, from a CSV of emails or customer ids, or with a rule that keeps the tag up to date. Every tag is an audience."
        actions={<CustomersNav slug={workspace.slug} current="customers/tags" only={["customers", "customers/segments", "audiences"]} />}
      />
      <TagsManager slug={workspace.slug} tags={tags} options={options} canEdit={can(role, "dashboards.edit")} />
    </div>
  );
}
