import { getPool } from "@/lib/db/pool";
import { notFound } from "@/lib/errors";
import { ensureBuiltinRules } from "@/lib/tags/service";

// An audience is a tag of lib/tags (a tag made by a rule is the product's saved segment): this
// module reads tags and their members by the table names lib/tags publishes, always within one
// workspace, so another workspace's tag is simply not found.

export type Audience = {
  id: string;
  name: string;
  kind: "manual" | "rule";
  description: string | null;
  size: number;
  createdAt: Date;
};

const ID_FORM = /^[A-Za-z0-9_-]{1,64}$/;

const SELECT = `
  SELECT t.id, t.name, t.kind, t.description, t.created_at,
         (SELECT count(*)::int FROM person_tags pt WHERE pt.workspace_id = t.workspace_id AND pt.tag_id = t.id) AS size
  FROM tags t WHERE t.workspace_id = $1`;

type Row = { id: string; name: string; kind: string; description: string | null; created_at: Date; size: number };

const toAudience = (row: Row): Audience => ({
  id: row.id, name: row.name, kind: row.kind === "rule" ? "rule" : "manual", description: row.description, size: row.size, createdAt: row.created_at,
});

/** Every audience of the workspace with its current size, by name. */
export async function listAudiences(workspaceId: string): Promise<Audience[]> {
  // The built-in rules' tags are made when a workspace's tags are first read, wherever that is.
  await ensureBuiltinRules(workspaceId);
  const { rows } = await getPool().query<Row>(`${SELECT} ORDER BY lower(t.name), t.id`, [workspaceId]);
  return rows.map(toAudience);
}

/** One audience of the workspace; anything else (another workspace's, a malformed id) is a 404. */
export async function getAudience(workspaceId: string, id: string): Promise<Audience> {
  const row = ID_FORM.test(id) ? (await getPool().query<Row>(`${SELECT} AND t.id = $2`, [workspaceId, id])).rows[0] : undefined;
  if (!row) throw notFound("No such audience in this workspace.");
  return toAudience(row);
}

/** The API's view of an audience. */
export function audienceJson(audience: Audience) {
  return { id: audience.id, name: audience.name, kind: audience.kind, description: audience.description, size: audience.size, created_at: audience.createdAt.toISOString() };
}
