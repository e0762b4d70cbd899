import type { Metadata } from "next";
import { ExportPanel } from "@/components/exports/export-panel";
import { Card } from "@/components/ui/card";
import { EXPORT_KEEP_DAYS } from "@/lib/exports/retention";
import { listWorkspaceExports } from "@/lib/exports/service";
import { requireWorkspacePage } from "@/lib/tenancy/server";

export const metadata: Metadata = { title: "Export" };

// The owners' page: ask for an export of the whole workspace, watch it being made, download it.
export default async function ExportPage({ params }: { params: Promise<{ slug: string }> }) {
  const context = await requireWorkspacePage((await params).slug, "privacy.export");
  const exports = await listWorkspaceExports(context);
  return (
    <Card
      title="Export the workspace"
      description={
        `Every table of this workspace's data (orders, customers, ad spend, tracked events, rollups, settings) as CSV files in a zip, with a manifest.json describing them. ` +
        `Customers' emails and phones stay encrypted or hashed; credentials and webhook addresses are left out. ` +
        `Each file is kept ${EXPORT_KEEP_DAYS} days, and its download link works only for you.`
      }
    >
      <ExportPanel slug={context.workspace.slug} initial={exports} />
    </Card>
  );
}
