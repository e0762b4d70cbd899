import type { Metadata } from "next";
import Link from "next/link";
import { DestinationBodies } from "@/components/digests/destination-bodies";
import { SendNow } from "@/components/digests/send-now";
import { Card, PageHeader } from "@/components/ui/card";
import { previewView } from "@/lib/digests/api-schema";
import { previewRun } from "@/lib/digests/run";
import { sinkEnabled } from "@/lib/notifications/sink";
import { can } from "@/lib/tenancy/roles";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { sendDigestNowAction } from "../../actions";
import { digestForPage } from "../../load";

export const metadata: Metadata = { title: "Digest preview" };
export const dynamic = "force-dynamic";

// Exactly what each destination would receive if the digest ran now, and a way to send it now.
export default async function DigestPreviewPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const context = await requireWorkspacePage(slug);
  const digest = await digestForPage(context, id);
  const preview = previewView(await previewRun(digest, new Date()));
  const base = `/w/${context.workspace.slug}`;
  const admin = can(context.role, "settings.manage");
  const followUp = admin
    ? [{ label: "the delivery log", href: `${base}/settings/notifications` }, ...(sinkEnabled() ? [{ label: "the webhook sink", href: `${base}/settings/notifications/sink` }] : [])]
    : [];
  return (
    <div className="space-y-6">
      <p className="text-sm">
        <Link href={`${base}/digests/${digest.id}`} className="font-medium text-brand-700 hover:underline">← {digest.name}</Link>
      </p>
      <PageHeader title={`Preview: ${digest.name}`} description={`${digest.scheduleText}. What each destination would receive if it ran now.`} />
      {can(context.role, "dashboards.edit") ? (
        <Card title="Send now" description="Runs the digest at once for the same days, whatever the schedule; it does not wait for syncs and names any stale sources instead.">
          <SendNow slug={context.workspace.slug} digestId={digest.id} destinations={digest.destinationIds.length} action={sendDigestNowAction} followUp={followUp} />
          {admin ? null : <p className="mt-2 text-sm text-slate-500">Admins can follow each delivery under Settings → Notifications.</p>}
        </Card>
      ) : null}
      <Card title="What each destination receives">
        <DestinationBodies preview={preview} />
      </Card>
    </div>
  );
}
