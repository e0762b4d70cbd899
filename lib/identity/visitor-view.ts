import { z } from "zod";
import { customerIdOf } from "@/lib/customers/customer-id";
import { getPool } from "@/lib/db/pool";
import { notFound } from "@/lib/errors";
import { visitorStatusSql } from "./status";

// The API's view of one visitor: when it was seen, what it is (anonymous or known, and which
// customer), each identifier it was linked by and how, and how many events and sessions it has.

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const MAX_ANONYMOUS_ID = 256;

const ZLinkSchema = z.object({
  kind: z.enum(["member", "email", "customer", "order"]),
  value: z.string().describe("member and email: the keyed hash (never the value itself); customer and order: the store's id."),
  method: z.enum(["identify", "checkout_completed", "event"]).describe("How it was first seen: an identify call, a completed checkout, or another event carrying it."),
  message_id: z.string().describe("The event that first proved it."),
  first_seen_at: z.string(),
  last_seen_at: z.string(),
  customer_id: z.string().nullable().describe("The customer this identifier stands for on its own; null for a member id and for a store id not synced yet."),
});

export const ZVisitorSchema = z.object({
  anonymous_id: z.string(),
  status: z.enum(["anonymous", "known"]).describe("Known once any identifier was seen with the visitor."),
  customer_id: z.string().nullable().describe("The customer (the customers API's id) the visitor resolves to, after merges; null while none stands behind it."),
  first_seen_at: z.string(),
  last_seen_at: z.string(),
  identified_at: z.string().nullable(),
  first_page_url: z.string().nullable(),
  first_referrer: z.string().nullable(),
  events: z.number().int().describe("Tracked events stored for the visitor."),
  sessions: z.number().int().describe("Its sessions (bots' included)."),
  links: z.array(ZLinkSchema),
});
export type TVisitor = z.infer<typeof ZVisitorSchema>;

type TVisitorRow = Omit<TVisitor, "customer_id" | "events" | "sessions" | "links"> & { person_key: string | null };
type TLinkRow = Omit<z.infer<typeof ZLinkSchema>, "customer_id"> & { person_key: string | null };

/** One visitor of the workspace; another workspace's, or one never seen, is not found. */
export async function getVisitor(workspaceId: string, anonymousId: string): Promise<TVisitor> {
  if (anonymousId.length === 0 || anonymousId.length > MAX_ANONYMOUS_ID || anonymousId.includes("\u0000")) throw notFound("No such visitor.");
  const client = await getPool().connect();
  try {
    const { rows } = await client.query<TVisitorRow>(
      `SELECT v.anonymous_id, ${visitorStatusSql("v")} AS status, v.person_key,
         to_char(v.first_seen_at, ${ISO}) AS first_seen_at, to_char(v.last_seen_at, ${ISO}) AS last_seen_at,
         to_char(v.identified_at, ${ISO}) AS identified_at, v.first_page_url, v.first_referrer
       FROM visitors v WHERE v.workspace_id = $1 AND v.anonymous_id = $2`,
      [workspaceId, anonymousId],
    );
    const visitor = rows[0];
    if (!visitor) throw notFound("No such visitor.");
    const links = await client.query<TLinkRow>(
      `SELECT kind, value, method, message_id, to_char(first_seen_at, ${ISO}) AS first_seen_at, to_char(last_seen_at, ${ISO}) AS last_seen_at, person_key
       FROM identity_links WHERE workspace_id = $1 AND anonymous_id = $2 ORDER BY first_seen_at, kind, value`,
      [workspaceId, anonymousId],
    );
    const counts = await client.query<{ events: number; sessions: number }>(
      `SELECT (SELECT count(*)::int FROM tracked_events WHERE workspace_id = $1 AND anonymous_id = $2) AS events,
              (SELECT count(*)::int FROM tracked_sessions WHERE workspace_id = $1 AND anonymous_id = $2) AS sessions`,
      [workspaceId, anonymousId],
    );
    const { person_key: personKey, ...fields } = visitor;
    return {
      ...fields,
      customer_id: personKey ? customerIdOf(personKey) : null,
      ...counts.rows[0]!,
      links: links.rows.map(({ person_key: key, ...link }) => ({ ...link, customer_id: key ? customerIdOf(key) : null })),
    };
  } finally {
    client.release();
  }
}
