import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PopupEditor } from "@/components/owned/popup-editor";
import { ActionForm } from "@/components/ui/action-form";
import { buttonClass } from "@/components/ui/button";
import { Card, PageHeader } from "@/components/ui/card";
import { DataTable } from "@/components/ui/data-table";
import { Notice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import { AppError } from "@/lib/errors";
import { popupFormValues } from "@/lib/owned/popups/form";
import type { TPopupTemplate } from "@/lib/owned/popups/schema";
import { tagChoices } from "@/lib/owned/popups/targeting";
import { getPopup, listPopups, popupSettings } from "@/lib/owned/popups/templates";
import { searchParamsOf, type PageSearch } from "@/lib/page-search";
import { can } from "@/lib/tenancy/roles";
import { requireWorkspacePage } from "@/lib/tenancy/server";
import { deletePopupAction, savePopupAction, savePopupLimitAction } from "./actions";

export const metadata: Metadata = { title: "On-site messages" };

function triggerText(p: TPopupTemplate): string {
  if (p.trigger_type === "event") return `on ${p.trigger_event}`;
  return p.trigger_type === "wait" ? `after ${p.trigger_seconds} s` : `after ${p.trigger_seconds} s visible`;
}

function audienceText(p: TPopupTemplate, tagName: (id: string) => string): string {
  const parts = [p.audience === "any" ? "everyone" : p.audience === "member" ? "members" : "anonymous"];
  if (p.target_tag_id) parts.push(`tagged ${tagName(p.target_tag_id)}`);
  if (p.target_levels.length) parts.push(`${p.target_levels.join("/")} activity`);
  return parts.join(", ");
}

async function editing(workspaceId: string, edit: string | undefined): Promise<TPopupTemplate | "new" | null> {
  if (!edit) return null;
  if (edit === "new") return "new";
  try {
    return await getPopup(workspaceId, edit);
  } catch (error) {
    // Another workspace's template is the same 404 as a missing one.
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
}

export default async function PopupsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<PageSearch> }) {
  const { workspace, role } = await requireWorkspacePage((await params).slug);
  const search = searchParamsOf(await searchParams);
  const base = `/w/${workspace.slug}/channels/popups`;
  const editor = can(role, "dashboards.edit");
  const [popups, settings, tags, current] = await Promise.all([
    listPopups(workspace.id),
    popupSettings(workspace.id),
    tagChoices(workspace.id),
    editor ? editing(workspace.id, search.get("edit") ?? undefined) : null,
  ]);
  const tagName = (id: string) => tags.find((t) => t.id === id)?.name ?? "(deleted tag)";
  const saved = search.get("saved");

  return (
    <div className="space-y-6">
      <PageHeader
        title="On-site messages"
        description="Pop-ups the tracking snippet shows on your store's pages: on a page, after a wait or an event, to the people you pick, with an A/B holdout to measure them."
        actions={
          <div className="flex flex-wrap items-center gap-3">
            <a href={`/w/${workspace.slug}/channels/owned?channel=web_popup`} className="text-sm text-sky-700 underline-offset-2 hover:underline">Results</a>
            {editor ? <a href={`${base}?edit=new`} className={buttonClass("primary")}>New pop-up</a> : null}
          </div>
        }
      />
      {saved && popups.some((p) => p.id === saved) ? <Notice tone="success">Pop-up saved.</Notice> : null}
      {current ? (
        <Card title={current === "new" ? "New pop-up" : `Edit ${current.name}`} description="Shown by the tracking snippet (Settings, Tracking) on pages that load it.">
          <PopupEditor
            slug={workspace.slug} id={current === "new" ? null : current.id}
            values={popupFormValues(current === "new" ? null : current, workspace.timeZone)} tags={tags} action={savePopupAction}
          />
          <p className="mt-4 text-sm"><a href={base} className="text-sky-700 underline-offset-2 hover:underline">Back to the list</a></p>
        </Card>
      ) : null}
      <Card title="Pop-ups">
        {popups.length === 0 ? (
          <Notice>
            No pop-ups yet. {editor ? <a href={`${base}?edit=new`} className="text-sky-700 underline">Create the first one</a> : "Members and admins can create them."}
          </Notice>
        ) : (
          <DataTable columns={[{ label: "Name" }, { label: "Pages" }, { label: "Shown" }, { label: "To" }, { label: "A/B", align: "right" }, { label: "State" }, { label: "" }]}>
            {popups.map((p) => (
              <tr key={p.id} data-testid="popup-row">
                <td className="py-2 pr-4 font-medium text-slate-900">{p.name}</td>
                <td className="py-2 pr-4 font-mono text-xs">{p.url_pattern}</td>
                <td className="py-2 pr-4">{triggerText(p)}</td>
                <td className="py-2 pr-4">{audienceText(p, tagName)}</td>
                <td className="py-2 pr-4 text-right">{p.show_percent === 100 ? "off" : `${p.show_percent} %`}</td>
                <td className="py-2 pr-4">{p.enabled ? "enabled" : "off"}</td>
                <td className="py-2 pr-4">
                  {editor ? (
                    <div className="flex flex-wrap items-center gap-2">
                      <a href={`${base}?edit=${encodeURIComponent(p.id)}`} className="text-sky-700 underline-offset-2 hover:underline" aria-label={`Edit ${p.name}`}>Edit</a>
                      <ActionForm action={deletePopupAction} hidden={{ slug: workspace.slug, id: p.id }} label={`Delete ${p.name}`}>
                        <SubmitButton variant="secondary" pendingLabel="Deleting…">Delete</SubmitButton>
                      </ActionForm>
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </Card>
      <Card title="Daily limit" description="Pop-ups shown per day across all of them, in the workspace's time zone.">
        {can(role, "settings.manage") ? (
          <ActionForm action={savePopupLimitAction} hidden={{ slug: workspace.slug }} label="Daily limit">
            <label htmlFor="daily_limit" className="text-sm text-slate-700">At most</label>
            <input id="daily_limit" name="daily_limit" inputMode="numeric" defaultValue={settings.daily_limit ?? ""} placeholder="no limit" className="w-32 rounded-md border border-slate-300 px-2 py-1.5 text-sm" />
            <span className="text-sm text-slate-700">a day</span>
            <SubmitButton pendingLabel="Saving…">Save</SubmitButton>
          </ActionForm>
        ) : (
          <p className="text-sm text-slate-700">{settings.daily_limit === null ? "No daily limit." : `At most ${settings.daily_limit} a day.`} Admins set it.</p>
        )}
      </Card>
    </div>
  );
}
