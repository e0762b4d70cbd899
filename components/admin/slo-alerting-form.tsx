import { ActionForm } from "@/components/ui/action-form";
import { buttonClass } from "@/components/ui/button";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions";

// Choosing where burn alerts go: first a workspace (a plain GET, so the page lists its
// destinations), then some of its destinations.

export type AlertingCandidate = {
  workspace: { id: string; name: string; slug: string };
  destinations: { id: string; name: string; kind: string; enabled: boolean; chosen: boolean }[];
};

export function SloAlertingForm({ slug, candidate, notFound, chosenWorkspaceId, action }: {
  slug: string;
  candidate: AlertingCandidate | null;
  notFound: boolean;
  chosenWorkspaceId: string | null;
  action: (prev: ActionState, form: FormData) => Promise<ActionState>;
}) {
  return (
    <div className="space-y-4">
      <form method="get" action="/admin/settings#service-level-alerts" className="flex flex-wrap items-end gap-2">
        <label className="flex min-w-0 flex-1 flex-col gap-1 text-sm font-medium text-slate-700 sm:max-w-sm">
          Workspace (slug)
          <input name="alerts_workspace" defaultValue={slug} maxLength={100} className="rounded-md border border-slate-300 px-3 py-2 font-normal" />
        </label>
        <button type="submit" className={buttonClass("secondary")}>
          Show its destinations
        </button>
      </form>
      {notFound ? <p className="text-sm text-red-700">No workspace has the slug &quot;{slug}&quot;.</p> : null}
      {candidate ? (
        candidate.destinations.length === 0 ? (
          <p className="text-sm text-slate-500">
            {candidate.workspace.name} has no notification destinations yet. Add one in its notification settings first.
          </p>
        ) : (
          <ActionForm action={action} hidden={{ workspaceId: candidate.workspace.id }} label="Service-level alert destinations">
            <fieldset className="w-full">
              <legend className="text-sm font-medium text-slate-700">Destinations of {candidate.workspace.name}</legend>
              <ul className="mt-2 space-y-1">
                {candidate.destinations.map((d) => (
                  <li key={d.id}>
                    <label className="flex items-center gap-2 text-sm">
                      <input type="checkbox" name="destinationIds" value={d.id} defaultChecked={d.chosen} />
                      {d.name} <span className="text-xs text-slate-500">{d.kind}{d.enabled ? "" : " (switched off)"}</span>
                    </label>
                  </li>
                ))}
              </ul>
            </fieldset>
            <div className="mt-2">
              <SubmitButton>Send burn alerts here</SubmitButton>
            </div>
          </ActionForm>
        )
      ) : null}
      {chosenWorkspaceId ? (
        <ActionForm action={action} hidden={{ workspaceId: "" }} label="Stop sending service-level alerts">
          <SubmitButton>Stop sending burn alerts</SubmitButton>
        </ActionForm>
      ) : null}
    </div>
  );
}
