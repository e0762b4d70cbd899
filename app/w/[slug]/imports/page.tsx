import type { Metadata } from "next";
import { ImportColumnDocs } from "@/components/imports/column-docs";
import { ImportHistory } from "@/components/imports/import-history";
import { ImportUploader } from "@/components/imports/import-uploader";
import { Card, PageHeader } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { listImports } from "@/lib/imports/history";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { can } from "@/lib/tenancy/roles";

export const metadata: Metadata = { title: "Imports" };

export default async function ImportsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug);
  const imports = await listImports(workspace.id);
  return (
    <div className="space-y-6">
      <PageHeader title="Imports" description="Orders, ad spend and message sends from sources without a connector, uploaded as CSV." />
      {can(role, "dashboards.edit") ? (
        <Card title="Upload a file" description="Every row is checked before anything is written; nothing is imported until you press Import.">
          <ImportUploader slug={workspace.slug} />
        </Card>
      ) : (
        <Notice>Your role can see past imports; members and above can upload.</Notice>
      )}
      <Card title="Recent imports">
        <ImportHistory imports={imports} timeZone={workspace.timeZone} />
      </Card>
      <Card
        title="Columns"
        description={
          <>
            Scripts can send the same rows as CSV or JSON to <code>POST /api/v1/imports/orders</code>, <code>POST /api/v1/imports/ad-spend</code> and{" "}
            <code className="break-all">POST /api/v1/imports/owned-sends</code>{" "}
            with an API key of a member or above.
          </>
        }
      >
        <ImportColumnDocs />
      </Card>
    </div>
  );
}
