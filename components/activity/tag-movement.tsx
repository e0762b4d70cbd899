"use client";

import Link from "next/link";
import { useState } from "react";
import { tagsApi, jsonInit } from "@/components/tags/tags-api";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { Notice } from "@/components/ui/notice";
import type { TTag } from "@/lib/tags/schema";

// Tagging everyone of one movement cell at once (the tags API's segment_move): a tag set by hand,
// so the list stays as it was today for a campaign, however people move later.

export function TagMovement({ slug, from, to, people, suggestedName }: { slug: string; from: string; to: string; people: number; suggestedName: string }) {
  const [name, setName] = useState(suggestedName);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; name?: string } | null>(null);
  const [made, setMade] = useState<TTag | null>(null);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const answer = await tagsApi<TTag>(slug, "", jsonInit("POST", { name, segment_move: { from, to } }));
    setBusy(false);
    if (answer.ok && answer.body) setMade(answer.body);
    else setError({ message: answer.error ?? "The tag could not be made.", name: answer.fields.name });
  }

  if (made) {
    return (
      <Notice tone="success">
        <span data-testid="movement-tagged">
          Tagged {made.size.toLocaleString("en")} {made.size === 1 ? "customer" : "customers"} with “{made.name}”.{" "}
          <Link href={`/w/${slug}/customers/tags`} className="font-medium underline">Open tags</Link>
        </span>
      </Notice>
    );
  }
  return (
    <form onSubmit={submit} className="flex flex-col gap-3 sm:flex-row sm:items-end" data-testid="tag-movement">
      <div className="sm:w-80">
        <TextField label="Tag name" name="movement-tag-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={60} required error={error?.name} />
      </div>
      <Button type="submit" disabled={busy || name.trim() === ""}>
        {busy ? "Tagging…" : `Tag all ${people.toLocaleString("en")}`}
      </Button>
      {error && !error.name ? <Notice tone="error">{error.message}</Notice> : null}
    </form>
  );
}
