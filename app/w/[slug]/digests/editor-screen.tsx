import Link from "next/link";
import { DigestEditor } from "@/components/digests/digest-editor";
import type { DigestBody } from "@/components/digests/draft";
import { PageHeader } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { SECTION_LABELS } from "@/lib/digests/sections";
import { METRICS } from "@/lib/metrics/definitions/registry";
import { listDestinations } from "@/lib/notifications/destinations";
import type { WorkspaceContext } from "@/lib/tenancy/guard";
import { can } from "@/lib/tenancy/roles";
import { previewDigestAction, saveDigestAction } from "./actions";

// The editor page, for a new digest and an existing one alike (called, not rendered as a
// component, so the pages stay plain async functions).

export async function digestEditorScreen({ context, digestId, initial, title, actions }: {
  context: WorkspaceContext;
  digestId: string | null;
  initial: DigestBody;
  title: string;
  actions?: React.ReactNode;
}) {
  const { workspace, role } = context;
  const destinations = await listDestinations(workspace.id);
  const canEdit = can(role, "dashboards.edit");
  const base = `/w/${workspace.slug}`;
  return (
    <div className="space-y-4">
      <p className="text-sm">
        <Link href={`${base}/digests`} className="font-medium text-brand-700 hover:underline">← Digests</Link>
      </p>
      <PageHeader title={title} actions={actions} />
      {canEdit ? null : <Notice>Your role can read digests and preview them; members and above can change them.</Notice>}
      <DigestEditor
        slug={workspace.slug}
        digestId={digestId}
        initial={initial}
        canEdit={canEdit}
        workspaceZone={workspace.timeZone}
        metrics={METRICS.map((m) => ({ id: m.id, label: m.label }))}
        destinations={destinations.map((d) => ({ id: d.id, name: d.name, kind: d.kind }))}
        sectionLabels={SECTION_LABELS}
        destinationsHref={can(role, "settings.manage") ? `${base}/settings/notifications` : null}
        save={saveDigestAction}
        preview={previewDigestAction}
      />
    </div>
  );
}
