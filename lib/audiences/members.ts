import { getPool } from "@/lib/db/pool";
import { AppError } from "@/lib/errors";

// An audience's members, one page at a time in person-key order with an opaque cursor (the last
// key seen, base64url), so a page is one index range of person_tags however deep the reader is.
// Each member carries what the customer profile says about them (nothing for a tracked visitor
// who never ordered) and never an email: those are opened only into an export (./export.ts).

export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;

export type AudienceMember = {
  /** The person key in base64url: a customer's is the id the customers API takes. */
  id: string;
  since: string;
  source: string;
  orders: number | null;
  net_sales: string | null;
  last_order_at: string | null;
  country: string | null;
};

export type MemberPage = { members: AudienceMember[]; next_cursor: string | null };

type Row = {
  person_key: string; since: Date; source: string; orders: number | null; net_sales: string | null;
  last_order_at: Date | null; country: string | null; email_hash: string | null;
};

export const personIdOf = (personKey: string) => Buffer.from(personKey, "utf8").toString("base64url");

function keyOfCursor(cursor: string): string {
  const key = /^[A-Za-z0-9_-]{1,400}$/.test(cursor) ? Buffer.from(cursor, "base64url").toString("utf8") : "";
  if (!key || personIdOf(key) !== cursor) throw AppError.field("cursor", "Pass the next_cursor of the previous page, unchanged.");
  return key;
}

export function parseMemberQuery(search: URLSearchParams): { cursor: string | null; limit: number } {
  for (const name of search.keys()) {
    if (name !== "cursor" && name !== "limit") throw AppError.field(name, `Unknown parameter "${name}": use cursor and limit.`);
  }
  const rawLimit = search.get("limit");
  const limit = rawLimit === null ? DEFAULT_PAGE : /^\d{1,5}$/.test(rawLimit) ? Number(rawLimit) : NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw AppError.field("limit", `Use a whole number from 1 to ${MAX_PAGE}.`);
  const cursor = search.get("cursor");
  if (cursor !== null) keyOfCursor(cursor);
  return { cursor, limit };
}

/** Rows of person_tags for one tag after `afterKey`, joined to their profiles. */
export async function memberRows(workspaceId: string, tagId: string, afterKey: string | null, limit: number): Promise<Row[]> {
  const { rows } = await getPool().query<Row>(
    `SELECT pt.person_key, pt.since, pt.source, cp.orders, cp.net_sales::text AS net_sales, cp.last_order_at,
            cp.country, COALESCE(cp.email_hash, CASE WHEN pt.person_key LIKE 'e:%' THEN substr(pt.person_key, 3) END) AS email_hash
     FROM person_tags pt
     LEFT JOIN customer_profiles cp ON cp.workspace_id = pt.workspace_id AND cp.customer_key = pt.person_key
     WHERE pt.workspace_id = $1 AND pt.tag_id = $2 AND ($3::text IS NULL OR pt.person_key > $3)
     ORDER BY pt.person_key LIMIT $4`,
    [workspaceId, tagId, afterKey, limit],
  );
  return rows;
}

export function memberOf(row: Row): AudienceMember {
  return {
    id: personIdOf(row.person_key),
    since: row.since.toISOString(),
    source: row.source,
    orders: row.orders,
    net_sales: row.net_sales === null ? null : trimMoney(row.net_sales),
    last_order_at: row.last_order_at?.toISOString() ?? null,
    country: row.country,
  };
}

/** "120.5000" -> "120.50": the profile keeps four places; two are shown, exactly (no float). */
export function trimMoney(value: string): string {
  const [whole, fraction = ""] = value.split(".");
  const kept = fraction.slice(0, 2).padEnd(2, "0");
  const rest = fraction.slice(2).replace(/0+$/, "");
  return rest ? value : `${whole}.${kept}`;
}

/** One page of an audience's members (the audience must already be known to be the workspace's). */
export async function audienceMembers(workspaceId: string, tagId: string, query: { cursor: string | null; limit: number }): Promise<MemberPage> {
  const rows = await memberRows(workspaceId, tagId, query.cursor === null ? null : keyOfCursor(query.cursor), query.limit + 1);
  const page = rows.slice(0, query.limit);
  return { members: page.map(memberOf), next_cursor: rows.length > query.limit ? personIdOf(page[page.length - 1]!.person_key) : null };
}
