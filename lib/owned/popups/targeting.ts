import { levelOfPersons } from "@/lib/activity/read";
import { VISITOR_PERSON_SQL } from "@/lib/activity/recompute-sql";
import { getPool } from "@/lib/db/pool";
import { hasTag } from "@/lib/tags/members";

// Who a visitor is to a template's targeting: their person (visitors.person_key, lib/identity),
// that person's tags (person_tags of lib/tags) and activity level (person_activity of
// lib/activity). The only module of pop-ups that reads another area's data.

/**
 * The person a tracked visitor is, null while anonymous: the customer it resolved to, else, once
 * it gave a member id, the visitor itself ("v:<anonymous id>"), as lib/activity scores it, so a
 * member no store customer stands behind yet is matched on their own activity level.
 */
export async function personKeyOfVisitor(workspaceId: string, anonymousId: string): Promise<string | null> {
  const { rows } = await getPool().query<{ person_key: string | null }>({
    name: "popups-visitor-person",
    text: `SELECT ${VISITOR_PERSON_SQL("v")} AS person_key FROM visitors v WHERE v.workspace_id = $1 AND v.anonymous_id = $2`,
    values: [workspaceId, anonymousId],
  });
  return rows[0]?.person_key ?? null;
}

/** Whether the tag exists in this workspace (a template may only target its own workspace's tags). */
export async function tagExists(workspaceId: string, tagId: string): Promise<boolean> {
  const { rows } = await getPool().query("SELECT 1 FROM tags WHERE workspace_id = $1 AND id = $2", [workspaceId, tagId]);
  return rows.length > 0;
}

/** The workspace's tags for the editor's picker, by name. */
export async function tagChoices(workspaceId: string): Promise<{ id: string; name: string }[]> {
  return (await getPool().query<{ id: string; name: string }>("SELECT id, name FROM tags WHERE workspace_id = $1 ORDER BY name LIMIT 500", [workspaceId])).rows;
}

export async function personHasTag(workspaceId: string, tagId: string, personKey: string): Promise<boolean> {
  return (await hasTag(workspaceId, tagId, [personKey])).has(personKey);
}

/** The person's activity level (high, medium, low), null when none was computed. */
export async function levelOfPerson(workspaceId: string, personKey: string): Promise<string | null> {
  return (await levelOfPersons(workspaceId, [personKey])).get(personKey) ?? null;
}
