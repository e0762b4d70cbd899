import type { Metadata } from "next";
import Link from "next/link";
import { ActionForm } from "@/components/ui/action-form";
import { buttonClass } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import { can } from "@/lib/tenancy/roles";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { deleteDigestAction } from "../actions";
import { digestEditorScreen } from "../editor-screen";
import { digestForPage } from "../load";

export const metadata: Metadata = { title: "Digest" };
export const dynamic = "force-dynamic";

export default async function DigestPage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const context = await requireWorkspacePage(slug);
  const digest = await digestForPage(context, id);
  const actions = (
    <div className="flex flex-wrap items-start gap-2">
      <Link href={`/w/${context.workspace.slug}/digests/${digest.id}/preview`} className={buttonClass("secondary")}>Preview and send</Link>
      {can(context.role, "dashboards.edit") ? (
        <ActionForm action={deleteDigestAction} hidden={{ slug: context.workspace.slug, id: digest.id }} label={`Delete ${digest.name}`}>
          <SubmitButton variant="ghost" pendingLabel="Deleting…">Delete</SubmitButton>
        </ActionForm>
      ) : null}
    </div>
  );
  const initial = {
    name: digest.name,
    schedule: digest.schedule,
    basis: digest.basis,
    time_zone: digest.ownTimeZone,
    sections: digest.sections,
    destination_ids: digest.destinationIds,
    template: digest.template,
    enabled: digest.enabled,
  };
  return digestEditorScreen({ context, digestId: digest.id, initial, title: digest.name, actions });
}
