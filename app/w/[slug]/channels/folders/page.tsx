import type { Metadata } from "next";
import { CreateFolderForm, DeleteFolderForm, MoveCampaignForm, RenameFolderForm } from "@/components/owned/folder-forms";
import { Card, PageHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { listOwnedFolders } from "@/lib/owned/messages/folders";
import { can } from "@/lib/tenancy/roles";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { createFolderAction, deleteFolderAction, moveCampaignAction, renameFolderAction } from "./actions";

export const metadata: Metadata = { title: "Campaign folders" };

export default async function OwnedFoldersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug);
  const report = `/w/${workspace.slug}/channels/owned`;
  const editor = can(role, "dashboards.edit");
  const { folders, unfiled } = await listOwnedFolders(workspace.id);
  const campaigns = [
    ...folders.flatMap((f) => f.campaigns.map((c) => ({ ...c, folderId: f.id as string | null, folder: f.name }))),
    ...unfiled.map((c) => ({ ...c, folderId: null, folder: null })),
  ].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const choices = folders.map((f) => ({ id: f.id, name: f.name }));

  return (
    <div className="space-y-6">
      <PageHeader
        title="Campaign folders"
        description="Group campaigns and flows in folders, then filter the owned-channel report and its costs by folder."
        actions={<a href={report} className="text-sm text-sky-700 underline-offset-2 hover:underline">Performance report</a>}
      />
      <Card title="Folders" description={editor ? "Deleting a folder keeps its campaigns and flows, their sends and figures: they are in no folder afterwards." : "Made by the workspace's members."}>
        <div className="space-y-4">
          {editor ? <CreateFolderForm slug={workspace.slug} action={createFolderAction} /> : null}
          {folders.length === 0 ? (
            <Notice>No folders yet.{editor ? " Create one above, then move campaigns and flows into it below." : ""}</Notice>
          ) : (
            <ul className="divide-y divide-slate-200" aria-label="Folders">
              {folders.map((f) => (
                <li key={f.id} className="space-y-2 py-3">
                  <div className="flex flex-wrap items-baseline gap-x-3">
                    <span className="font-medium text-slate-900">{f.name}</span>
                    <span className="text-sm text-slate-600">
                      {f.campaigns.length} {f.campaigns.length === 1 ? "campaign or flow" : "campaigns and flows"}
                    </span>
                    <a href={`${report}?folder=${encodeURIComponent(f.id)}`} className="text-sm text-sky-700 underline-offset-2 hover:underline">
                      Report for {f.name}
                    </a>
                  </div>
                  {editor ? (
                    <div className="flex flex-wrap items-end gap-4">
                      <RenameFolderForm slug={workspace.slug} folder={f} action={renameFolderAction} />
                      <DeleteFolderForm slug={workspace.slug} folder={f} action={deleteFolderAction} />
                    </div>
                  ) : null}
                </li>
              ))}
            </ul>
          )}
        </div>
      </Card>
      <Card title="Campaigns and flows" description="Each is in at most one folder.">
        {campaigns.length === 0 ? (
          <Notice>No campaigns or flows yet. They arrive through the campaigns API, a CSV import of sends or a connected email tool.</Notice>
        ) : (
          <DataTable columns={[{ label: "Campaign or flow" }, { label: "Folder" }]}>
            {campaigns.map((c) => (
              <tr key={c.id} className="align-top">
                <td className="py-2 pr-4">
                  <span className="font-medium">{c.name}</span>
                  <div className="text-xs text-slate-500">
                    {c.channel} · {c.kind}
                  </div>
                </td>
                <td className="py-2 pr-4">
                  {editor && folders.length > 0 ? (
                    <MoveCampaignForm slug={workspace.slug} campaign={c} folderId={c.folderId} folders={choices} action={moveCampaignAction} />
                  ) : (
                    <span className="text-sm text-slate-700">{c.folder ?? "No folder"}</span>
                  )}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
    </div>
  );
}
