import type { Metadata } from "next";
import { LiveTracking } from "@/components/tracking/live-tracking";
import { PageHeader } from "@/components/ui/card";
import { can } from "@/lib/tenancy/roles";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { getLiveView } from "@/lib/tracking/live";

export const metadata: Metadata = { title: "Tracking" };

export default async function TrackingPage({ params }: { params: Promise<{ slug: string }> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug);
  const initial = await getLiveView(workspace.id);
  const settingsHref = can(role, "settings.manage") ? `/w/${workspace.slug}/settings/tracking` : null;
  return (
    <div>
      <PageHeader title="Tracking" description="Events from the snippet, the Shopify web pixel and store backends as they arrive, and whether tracking is fully set up." />
      <LiveTracking slug={workspace.slug} timeZone={workspace.timeZone} initial={initial} settingsHref={settingsHref} />
    </div>
  );
}
