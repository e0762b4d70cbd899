"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Card } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { Notice } from "@/components/ui/notice";
import type { TProfileTags } from "@/lib/tags/profile";
import { localDate, localTime } from "@/lib/time/zone";
import { jsonInit, tagsApi } from "./tags-api";

// The customer profile's tags: each tag the customer has or had, with when it was gained and lost
// and whether by a rule or by hand; editors add or remove a manual tag here (the tags API).

const when = (at: Date, timeZone: string) => `${localDate(at, timeZone)} ${localTime(at, timeZone)}`;

export function PersonTags({ slug, customerId, timeZone, tags, canEdit }: { slug: string; customerId: string; timeZone: string; tags: TProfileTags; canEdit: boolean }) {
  const router = useRouter();
  const [chosen, setChosen] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function change(tagId: string, action: "add" | "remove") {
    setBusy(true);
    setError(null);
    const answer = await tagsApi<{ applied: boolean }>(slug, `/${encodeURIComponent(tagId)}/members`, jsonInit("POST", { [action]: [customerId] }));
    setBusy(false);
    if (answer.ok && answer.body?.applied) {
      setChosen("");
      router.refresh();
    } else {
      setError(answer.error ?? "That did not work.");
    }
  }

  return (
    <Card title="Tags" description={`When this customer gained and lost each tag, in ${timeZone}.`}>
      <div className="space-y-4" data-testid="person-tags">
        {tags.tags.length === 0 ? <p className="text-sm text-slate-600" data-testid="person-tags-empty">No tags yet.</p> : null}
        <ul className="divide-y divide-slate-100">
          {tags.tags.map((tag) => (
            <li key={tag.tagId} className="py-2" data-testid="person-tag">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <p className="text-sm">
                  <span className="font-medium text-slate-900">{tag.name ?? "A deleted tag"}</span>{" "}
                  <span className={tag.has ? "text-emerald-700" : "text-slate-500"}>{tag.has ? "has it" : "no longer"}</span>
                </p>
                {canEdit && tag.has && tag.kind === "manual" ? (
                  <Button type="button" variant="ghost" disabled={busy} onClick={() => change(tag.tagId, "remove")} aria-label={`Remove the tag ${tag.name}`}>
                    Remove
                  </Button>
                ) : null}
              </div>
              <ol className="mt-1 space-y-0.5 text-xs text-slate-600" aria-label={`History of ${tag.name ?? "a deleted tag"}`}>
                {tag.history.map((h, i) => (
                  <li key={`${h.at.toISOString()}-${i}`} data-testid="person-tag-change">
                    {h.change === "added" ? "Gained" : "Lost"} {when(h.at, timeZone)} {h.source === "rule" ? "by its rule" : "by hand"}
                  </li>
                ))}
              </ol>
            </li>
          ))}
        </ul>
        {canEdit ? (
          tags.manualTags.length === 0 ? (
            <p className="text-xs text-slate-500">
              No manual tag to add. <a href={`/w/${slug}/customers/tags`} className="text-brand-700 hover:underline">Create one on the tags page.</a>
            </p>
          ) : (
            <form
              className="flex flex-wrap items-end gap-2"
              onSubmit={(e) => {
                e.preventDefault();
                if (chosen) void change(chosen, "add");
                else setError("Choose a tag to add.");
              }}
            >
              <div className="space-y-1">
                <label htmlFor="person-tag-add" className="block text-sm font-medium text-slate-700">Add a tag</label>
                <select id="person-tag-add" className="block rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300" value={chosen} onChange={(e) => setChosen(e.target.value)}>
                  <option value="">Choose…</option>
                  {tags.manualTags.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
                </select>
              </div>
              <Button type="submit" disabled={busy}>Add</Button>
            </form>
          )
        ) : null}
        {error ? <Notice tone="error">{error}</Notice> : null}
      </div>
    </Card>
  );
}
