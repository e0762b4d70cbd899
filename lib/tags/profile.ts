import { db } from "@/lib/db/client";
import { personTagHistory, personTags, type TTagHistoryEntry } from "./members";

// A person's tags for the customer profile: each tag they have or once had, with when they gained
// and lost it and by what (a rule or a hand), and the manual tags they could be given.

export type TProfileTag = {
  tagId: string;
  /** null: the tag was deleted since. */
  name: string | null;
  kind: "manual" | "rule" | null;
  has: boolean;
  history: Omit<TTagHistoryEntry, "tagId" | "name">[];
};

export type TProfileTags = { tags: TProfileTag[]; manualTags: { id: string; name: string }[] };

export async function profileTags(workspaceId: string, personKey: string): Promise<TProfileTags> {
  const [current, history, manual] = await Promise.all([
    personTags(workspaceId, personKey),
    personTagHistory(workspaceId, personKey),
    db.tag.findMany({ where: { workspaceId, kind: "manual" }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  const byTag = new Map<string, TProfileTag>();
  for (const t of current) byTag.set(t.tagId, { tagId: t.tagId, name: t.name, kind: t.kind, has: true, history: [] });
  for (const h of history) {
    const entry = byTag.get(h.tagId) ?? { tagId: h.tagId, name: h.name, kind: null, has: false, history: [] };
    entry.history.push({ change: h.change, at: h.at, source: h.source });
    byTag.set(h.tagId, entry);
  }
  const tags = [...byTag.values()].sort((a, b) => Number(b.has) - Number(a.has) || (a.name ?? "\uffff").localeCompare(b.name ?? "\uffff", "en", { sensitivity: "base" }));
  return { tags, manualTags: manual.filter((m) => !current.some((c) => c.tagId === m.id)) };
}
