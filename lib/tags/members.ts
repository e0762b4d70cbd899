import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";

// Reading who has which tag: the functions the other parts of the product (audiences, on-site
// messages, the customer profile) use. Every query names the workspace.

export type TPersonTag = { tagId: string; name: string; kind: "manual" | "rule"; since: Date; source: "manual" | "rule" };
export type TTagMember = { personKey: string; since: Date; source: "manual" | "rule" };
export type TTagMembersPage = { members: TTagMember[]; nextCursor: string | null };
export type TTagHistoryEntry = { tagId: string; name: string | null; change: "added" | "removed"; at: Date; source: "manual" | "rule" };

export const MAX_MEMBERS_PAGE = 1000;

// timestamp(3) columns hold UTC wall time (as Prisma writes them): read as ISO text, not as a local Date.
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const instant = (iso: string) => new Date(iso);

/** The tags a person has now, by name. */
export async function personTags(workspaceId: string, personKey: string): Promise<TPersonTag[]> {
  const { rows } = await getPool().query<{ tag_id: string; name: string; kind: TPersonTag["kind"]; since: string; source: TPersonTag["source"] }>(
    `SELECT pt.tag_id, t.name, t.kind, to_char(pt.since, ${ISO}) AS since, pt.source FROM person_tags pt
     JOIN tags t ON t.workspace_id = pt.workspace_id AND t.id = pt.tag_id
     WHERE pt.workspace_id = $1 AND pt.person_key = $2 ORDER BY lower(t.name)`,
    [workspaceId, personKey],
  );
  return rows.map((r) => ({ tagId: r.tag_id, name: r.name, kind: r.kind, since: instant(r.since), source: r.source }));
}

/** Which of these people have the tag now. */
export async function hasTag(workspaceId: string, tagId: string, personKeys: readonly string[]): Promise<Set<string>> {
  if (personKeys.length === 0) return new Set();
  const { rows } = await getPool().query<{ person_key: string }>(
    "SELECT person_key FROM person_tags WHERE workspace_id = $1 AND tag_id = $2 AND person_key = ANY($3::text[])",
    [workspaceId, tagId, [...new Set(personKeys)]],
  );
  return new Set(rows.map((r) => r.person_key));
}

/** A page of a tag's members in person-key order; pass nextCursor back for the next one. */
export async function tagMembers(workspaceId: string, tagId: string, page: { cursor?: string | null; limit?: number } = {}): Promise<TTagMembersPage> {
  const limit = Math.max(1, Math.min(MAX_MEMBERS_PAGE, Math.floor(page.limit ?? 100)));
  const { rows } = await getPool().query<{ person_key: string; since: string; source: TTagMember["source"] }>(
    `SELECT person_key, to_char(since, ${ISO}) AS since, source FROM person_tags
     WHERE workspace_id = $1 AND tag_id = $2 AND ($3::text IS NULL OR person_key > $3)
     ORDER BY person_key LIMIT $4`,
    [workspaceId, tagId, page.cursor ?? null, limit + 1],
  );
  const members = rows.slice(0, limit).map((r) => ({ personKey: r.person_key, since: instant(r.since), source: r.source }));
  return { members, nextCursor: rows.length > limit ? members.at(-1)!.personKey : null };
}

/** How many people have each tag of the workspace now. */
export async function tagSizes(workspaceId: string): Promise<Map<string, number>> {
  const { rows } = await getPool().query<{ tag_id: string; n: number }>(
    "SELECT tag_id, count(*)::int AS n FROM person_tags WHERE workspace_id = $1 GROUP BY tag_id",
    [workspaceId],
  );
  return new Map(rows.map((r) => [r.tag_id, r.n]));
}

/** When a person gained and lost tags, newest first (a deleted tag's entries have no name). */
export async function personTagHistory(workspaceId: string, personKey: string, limit = 200): Promise<TTagHistoryEntry[]> {
  const { rows } = await getPool().query<{ tag_id: string; name: string | null; change: TTagHistoryEntry["change"]; at: string; source: TTagHistoryEntry["source"] }>(
    `SELECT h.tag_id, t.name, h.change, to_char(h.at, ${ISO}) AS at, h.source FROM person_tag_history h
     LEFT JOIN tags t ON t.workspace_id = h.workspace_id AND t.id = h.tag_id
     WHERE h.workspace_id = $1 AND h.person_key = $2 ORDER BY h.at DESC, h.id DESC LIMIT $3`,
    [workspaceId, personKey, limit],
  );
  return rows.map((r) => ({ tagId: r.tag_id, name: r.name, change: r.change, at: instant(r.at), source: r.source }));
}

/**
 * Refuses a tag id that is not one of the workspace's tags, naming the parameter. Another
 * workspace's tag reads exactly like an unknown one.
 */
export async function assertTagOf(workspaceId: string, tagId: string): Promise<void> {
  const { rowCount } = await getPool().query("SELECT 1 FROM tags WHERE workspace_id = $1 AND id = $2", [workspaceId, tagId]);
  if (!rowCount) throw AppError.field("tag", "tag: no such tag in this workspace.");
}
