import type { Metadata } from "next";
import { ServiceStatusView } from "@/components/admin/service-status";
import { PageHeader } from "@/components/ui/card";
import { db } from "@/lib/db/client";
import { requireOperatorPage } from "@/lib/operators/guard";
import { serviceStatus } from "@/lib/observability/status";

export const metadata: Metadata = { title: "Status" };

export default async function AdminStatusPage() {
  await requireOperatorPage();
  const status = await serviceStatus(db, new Date());
  return (
    <div>
      <PageHeader title="Status" description="Service levels against their objectives, burn alerts, data freshness and the job queue." />
      <ServiceStatusView status={status} />
    </div>
  );
}
