"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import type { TBuilderOptions } from "@/lib/tags/builder-options";
import type { TTag } from "@/lib/tags/schema";
import { CsvUpload } from "./csv-upload";
import { RuleBuilder } from "./rule-builder";
import { draftFromRule, newCondition, newGroup, ruleFromDraft, type TDraftGroup } from "./rule-draft";
import { jsonInit, tagsApi } from "./tags-api";

// The tags page's list and forms: create, edit and delete tags, switch rules on and off, and tag
// people by CSV. Every change goes through the tags API; the list is re-read from the server after.

type Editing = { mode: "new" } | { mode: "edit"; tag: TTag } | null;

const BUILTIN_NOTE = "Built in: switch it off to empty the tag.";

function TagForm({ slug, options, editing, onSaved, onCancel }: {
  slug: string; options: TBuilderOptions; editing: Exclude<Editing, null>; onSaved: (message: string) => void; onCancel: () => void;
}) {
  const tag = editing.mode === "edit" ? editing.tag : null;
  const [name, setName] = useState(tag?.name ?? "");
  const [description, setDescription] = useState(tag?.description ?? "");
  const [kind, setKind] = useState<"manual" | "rule">(tag?.kind ?? "rule");
  const [draft, setDraft] = useState<TDraftGroup>(() =>
    tag?.rule ? draftFromRule(tag.rule.definition, options.fields) : newGroup(options.fields[0] ? [newCondition(options.fields.find((f) => f.name === "orders") ?? options.fields[0])] : []),
  );
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    const payload: Record<string, unknown> = { name, description: description.trim() === "" ? null : description };
    if (kind === "rule") payload.rule = ruleFromDraft(draft, options.fields);
    const answer = tag
      ? await tagsApi<TTag>(slug, `/${encodeURIComponent(tag.id)}`, jsonInit("PATCH", payload))
      : await tagsApi<TTag>(slug, "", jsonInit("POST", payload));
    setBusy(false);
    if (answer.ok && answer.body) {
      onSaved(`Saved "${answer.body.name}": ${answer.body.size.toLocaleString("en")} ${answer.body.size === 1 ? "person has" : "people have"} it.`);
      return;
    }
    setErrors(answer.fields);
    setError(answer.error);
  }

  return (
    <form onSubmit={save} className="space-y-4" aria-label={tag ? `Edit ${tag.name}` : "New tag"} data-testid="tag-form">
      <div className="grid gap-3 sm:grid-cols-2">
        <TextField label="Name" name="name" value={name} onChange={(e) => setName(e.target.value)} maxLength={60} error={errors.name} required />
        <TextField label="Description" name="description" value={description} onChange={(e) => setDescription(e.target.value)} maxLength={300} error={errors.description} />
      </div>
      {tag ? null : (
        <fieldset className="space-y-1">
          <legend className="text-sm font-medium text-slate-700">Who has it</legend>
          <div className="flex flex-wrap gap-4 text-sm text-slate-700">
            <label className="flex items-center gap-2">
              <input type="radio" name="kind" value="rule" checked={kind === "rule"} onChange={() => setKind("rule")} />
              Whoever matches a rule (a saved segment)
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="kind" value="manual" checked={kind === "manual"} onChange={() => setKind("manual")} />
              People tagged by hand or by CSV
            </label>
          </div>
        </fieldset>
      )}
      {kind === "rule" ? <RuleBuilder slug={slug} options={options} draft={draft} onChange={setDraft} errors={errors} /> : null}
      {error ? <Notice tone="error">{error}</Notice> : null}
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={busy}>{busy ? "Saving…" : tag ? "Save tag" : "Create tag"}</Button>
        <Button type="button" variant="secondary" onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}

function RuleSwitch({ slug, tag, canEdit, onChanged }: { slug: string; tag: TTag; canEdit: boolean; onChanged: (message: string | null, error?: string) => void }) {
  const [busy, setBusy] = useState(false);
  const on = tag.rule?.enabled ?? false;
  if (!tag.rule) return <span className="text-slate-500">By hand</span>;
  if (!canEdit) return <span className="text-slate-600">{on ? "Rule on" : "Rule off"}</span>;
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      aria-label={`Rule of ${tag.name}`}
      disabled={busy}
      data-testid="rule-switch"
      className="inline-flex items-center gap-2 rounded-md text-sm text-slate-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
      onClick={async () => {
        setBusy(true);
        const answer = await tagsApi<TTag>(slug, `/${encodeURIComponent(tag.id)}`, jsonInit("PATCH", { enabled: !on }));
        setBusy(false);
        onChanged(answer.ok ? `"${tag.name}" is ${on ? "off: its tag is empty" : "on"}.` : null, answer.error ?? undefined);
      }}
    >
      <span className={`relative inline-block h-5 w-9 rounded-full transition ${on ? "bg-brand-600" : "bg-slate-300"}`} aria-hidden="true">
        <span className={`absolute top-0.5 h-4 w-4 rounded-full bg-white shadow transition ${on ? "left-4" : "left-0.5"}`} />
      </span>
      {on ? "On" : "Off"}
    </button>
  );
}

function DeleteTag({ slug, tag, onDeleted }: { slug: string; tag: TTag; onDeleted: (message: string | null, error?: string) => void }) {
  const [asking, setAsking] = useState(false);
  if (!asking) return <Button type="button" variant="ghost" onClick={() => setAsking(true)} aria-label={`Delete ${tag.name}`}>Delete</Button>;
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <span className="text-sm text-slate-700">Delete it? Its {tag.size.toLocaleString("en")} people lose it.</span>
      <Button
        type="button"
        variant="danger"
        onClick={async () => {
          const answer = await tagsApi(slug, `/${encodeURIComponent(tag.id)}`, { method: "DELETE" });
          setAsking(false);
          onDeleted(answer.ok ? `Deleted "${tag.name}".` : null, answer.error ?? undefined);
        }}
      >
        Delete {tag.name}
      </Button>
      <Button type="button" variant="secondary" onClick={() => setAsking(false)}>Keep</Button>
    </span>
  );
}

export function TagsManager({ slug, tags, options, canEdit }: { slug: string; tags: TTag[]; options: TBuilderOptions; canEdit: boolean }) {
  const router = useRouter();
  const [editing, setEditing] = useState<Editing>(null);
  const [uploading, setUploading] = useState<string | null>(null);
  const [notice, setNotice] = useState<{ tone: "success" | "error"; text: string } | null>(null);
  const done = (message: string | null, error?: string) => {
    setNotice(message ? { tone: "success", text: message } : { tone: "error", text: error ?? "That did not work." });
    router.refresh();
  };
  const own = tags.filter((t) => !t.rule?.builtin);

  return (
    <div className="space-y-4">
      {notice ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      {canEdit && editing === null ? (
        <Button type="button" onClick={() => { setEditing({ mode: "new" }); setNotice(null); }} data-testid="new-tag">New tag</Button>
      ) : null}
      {editing ? (
        <div className="rounded-lg bg-white p-4 shadow-sm ring-1 ring-slate-200">
          <TagForm
            key={editing.mode === "edit" ? editing.tag.id : "new"}
            slug={slug}
            options={options}
            editing={editing}
            onSaved={(message) => { setEditing(null); done(message); }}
            onCancel={() => setEditing(null)}
          />
        </div>
      ) : null}
      {own.length === 0 ? (
        <p className="text-sm text-slate-600" data-testid="tags-empty">
          No tags of your own yet. Create one by hand (then tag people from a CSV) or with a rule; the built-in tags below keep themselves up to date.
        </p>
      ) : null}
      <ul className="divide-y divide-slate-100 rounded-lg bg-white shadow-sm ring-1 ring-slate-200" aria-label="Tags">
        {tags.map((tag) => (
          <li key={tag.id} className="space-y-2 px-4 py-3" data-testid="tag-row">
            <div className="flex flex-wrap items-center justify-between gap-3">
              <div className="min-w-0">
                <Link href={`/w/${slug}/audiences/${tag.id}`} className="font-medium text-brand-700 hover:underline" data-testid="tag-audience-link">
                  {tag.name}
                </Link>
                <span className="ml-2 text-sm tabular-nums text-slate-600" data-testid="tag-size">
                  {tag.size.toLocaleString("en")} {tag.size === 1 ? "person" : "people"}
                </span>
                <p className="text-xs text-slate-500">
                  {tag.rule?.builtin ? BUILTIN_NOTE : tag.kind === "rule" ? "Kept by its rule." : "Tagged by hand."}
                  {tag.description ? ` ${tag.description}` : ""}
                </p>
              </div>
              <div className="flex flex-wrap items-center gap-2">
                <RuleSwitch slug={slug} tag={tag} canEdit={canEdit} onChanged={done} />
                {canEdit && tag.kind === "manual" ? (
                  <Button type="button" variant="secondary" aria-expanded={uploading === tag.id} onClick={() => setUploading(uploading === tag.id ? null : tag.id)}>
                    Upload CSV
                  </Button>
                ) : null}
                {canEdit && !tag.rule?.builtin ? (
                  <Button type="button" variant="secondary" onClick={() => { setEditing({ mode: "edit", tag }); setNotice(null); }} aria-label={`Edit ${tag.name}`}>
                    Edit
                  </Button>
                ) : null}
                {canEdit && !tag.rule?.builtin ? <DeleteTag slug={slug} tag={tag} onDeleted={done} /> : null}
              </div>
            </div>
            {uploading === tag.id ? <CsvUpload slug={slug} tagId={tag.id} tagName={tag.name} onDone={() => router.refresh()} /> : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
