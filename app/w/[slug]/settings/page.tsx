import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { Notice } from "@/components/ui/notice";
import { listMembers } from "@/lib/members/service";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { can } from "@/lib/tenancy/roles";
import { currencies, timeZones } from "@/lib/workspaces/schemas";
import { DeleteWorkspaceForm, GeneralSettingsForm, TransferOwnershipForm } from "./settings-forms";

export const metadata: Metadata = { title: "Settings" };

export default async function GeneralSettingsPage({ params, searchParams }: {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { workspace, role, actor } = await requireWorkspacePage((await params).slug, "settings.manage");
  const isOwner = can(role, "ownership.transfer");
  const members = isOwner ? await listMembers(workspace.id) : [];
  const me = actor.kind === "user" ? actor.userId : null;
  return (
    <>
      {(await searchParams).saved ? <Notice tone="success">Settings saved.</Notice> : null}
      <Card title="General" description="How this workspace is named and how its reports count days and money.">
        <GeneralSettingsForm workspace={workspace} timeZones={timeZones()} currencies={currencies()} />
      </Card>
      {isOwner ? (
        <>
          <Card title="Transfer ownership" description="Make another member the owner. You stay on as an admin.">
            <TransferOwnershipForm
              slug={workspace.slug}
              candidates={members.filter((m) => m.userId !== me).map((m) => ({ userId: m.userId, label: `${m.name ?? m.email} (${m.role})` }))}
            />
          </Card>
          <Card title="Delete workspace" tone="danger" description="Deletes the workspace with all its members, invitations, API keys and data. This cannot be undone.">
            <DeleteWorkspaceForm slug={workspace.slug} />
          </Card>
        </>
      ) : null}
    </>
  );
}
