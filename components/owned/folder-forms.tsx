"use client";

import { useActionState, useId } from "react";
import { ActionNotice } from "@/components/ui/notice";
import { SubmitButton } from "@/components/ui/submit-button";
import type { ActionState } from "@/lib/actions";
import { FolderOptions } from "./folder-options";

// The folders page's forms: plain fields and submit buttons, so each works by keyboard and before
// the page has hydrated; a refusal is shown beside the form that caused it, naming the field.

type Action = (prev: ActionState, form: FormData) => Promise<ActionState>;
const FIELD = "mt-1 block w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm sm:w-64";

function NameField({ label, defaultValue, error }: { label: string; defaultValue?: string; error?: string }) {
  const id = useId();
  return (
    <label className="block w-full text-sm text-slate-700 sm:w-auto">
      {label}
      <input
        name="name" required maxLength={200} defaultValue={defaultValue} className={FIELD}
        aria-invalid={error ? true : undefined} aria-describedby={error ? id : undefined}
      />
      {error ? <span id={id} className="mt-1 block text-xs text-red-700">{error}</span> : null}
    </label>
  );
}

export function CreateFolderForm({ slug, action }: { slug: string; action: Action }) {
  const [state, dispatch] = useActionState(action, null);
  return (
    <form action={dispatch} className="flex flex-wrap items-end gap-3" aria-label="New folder">
      <input type="hidden" name="slug" value={slug} />
      <NameField label="Folder name" error={state?.fields?.name} />
      <SubmitButton pendingLabel="Creating…">Create folder</SubmitButton>
      <ActionNotice state={state} />
    </form>
  );
}

export function RenameFolderForm({ slug, folder, action }: { slug: string; folder: { id: string; name: string }; action: Action }) {
  const [state, dispatch] = useActionState(action, null);
  return (
    <form action={dispatch} className="flex flex-wrap items-end gap-3" aria-label={`Rename ${folder.name}`}>
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="folder" value={folder.id} />
      <NameField label="Name" defaultValue={folder.name} error={state?.fields?.name} />
      <SubmitButton variant="secondary" pendingLabel="Saving…">Rename</SubmitButton>
      <ActionNotice state={state} />
    </form>
  );
}

export function DeleteFolderForm({ slug, folder, action }: { slug: string; folder: { id: string; name: string }; action: Action }) {
  const [state, dispatch] = useActionState(action, null);
  return (
    <form action={dispatch} className="flex flex-wrap items-center gap-3" aria-label={`Delete ${folder.name}`}>
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="folder" value={folder.id} />
      <SubmitButton variant="danger" pendingLabel="Deleting…">Delete folder</SubmitButton>
      <ActionNotice state={state} />
    </form>
  );
}

export function MoveCampaignForm({ slug, campaign, folderId, folders, action }: {
  slug: string; campaign: { id: string; name: string }; folderId: string | null; folders: { id: string; name: string }[]; action: Action;
}) {
  const [state, dispatch] = useActionState(action, null);
  return (
    <form action={dispatch} className="flex flex-wrap items-end gap-2" aria-label={`Move ${campaign.name}`}>
      <input type="hidden" name="slug" value={slug} />
      <input type="hidden" name="campaign" value={campaign.id} />
      <label className="block w-full text-sm text-slate-700 sm:w-auto">
        <span className="sr-only">Folder for {campaign.name}</span>
        <select name="folder" defaultValue={folderId ?? ""} className={FIELD}>
          <FolderOptions folders={folders} blank="No folder" />
        </select>
      </label>
      <SubmitButton variant="secondary" pendingLabel="Moving…">Move</SubmitButton>
      <ActionNotice state={state} />
    </form>
  );
}
