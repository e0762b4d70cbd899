import { customerIdOf } from "@/lib/customers/customer-id";
import { getPool } from "@/lib/db/pool";
import type { TCustomerJourney } from "./schema";

// Who a customer is to the tracking side: the visitors resolved to them and those their orders
// were matched to (a checkout can name an order before the store has synced it, so its visitor
// may not be resolved to anyone yet), each identifier those were seen with (the evidence), and
// the customers merged into them. Hashes of member ids and
// emails stay in the database: the journey says which kind of identifier proved a link, never its hash.

export const VISITORS_SHOWN = 100;
// A person's visitors are bounded where they are resolved (lib/identity/resolve.ts works 5,000
// at a time); the journey reads no more than that either.
const VISITORS_READ = 5_000;
const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

// The customer and every key merged into it, through chains of active merges.
const PERSON_KEYS_SQL = `
WITH RECURSIVE keys(key) AS (
  SELECT $2::text
  UNION
  SELECT m.merged_key FROM identity_merges m JOIN keys k ON m.person_key = k.key
  WHERE m.workspace_id = $1 AND m.undone_at IS NULL
)
SELECT key FROM keys LIMIT 1000`;

type TVisitorRow = { anonymous_id: string; first_seen_at: string; last_seen_at: string; identified_at: string | null };
type TLinkRow = { anonymous_id: string; kind: TLink["kind"]; value: string; method: TLink["method"]; message_id: string; first_seen_at: string; person_key: string | null };
type TLink = TCustomerJourney["visitors"][number]["links"][number];
type TMergeRow = { merged_key: string; reason: TMerge["reason"]; evidence: string; anonymous_id: string | null; message_id: string | null; run_id: string | null; merged_at: string };
type TMerge = TCustomerJourney["merges"][number];

export type TJourneyIdentity = {
  /** Every visitor of the customer (up to VISITORS_READ), latest seen first. */
  anonymousIds: string[];
  visitors: TCustomerJourney["visitors"];
  merges: TCustomerJourney["merges"];
};

/** `matched`: the visitors the customer's orders were matched to, and the store ids of those orders. */
export async function journeyIdentity(workspaceId: string, personKey: string, matched: { visitorIds: string[]; orderIds: string[] }): Promise<TJourneyIdentity> {
  const client = getPool();
  const [visitors, keys, merges] = await Promise.all([
    client.query<TVisitorRow>(
      `SELECT anonymous_id, to_char(first_seen_at, ${ISO}) AS first_seen_at, to_char(last_seen_at, ${ISO}) AS last_seen_at,
         to_char(identified_at, ${ISO}) AS identified_at
       FROM visitors WHERE workspace_id = $1 AND (person_key = $2 OR anonymous_id = ANY($3::text[]))
       ORDER BY last_seen_at DESC, anonymous_id LIMIT ${VISITORS_READ}`,
      [workspaceId, personKey, matched.visitorIds],
    ),
    client.query<{ key: string }>(PERSON_KEYS_SQL, [workspaceId, personKey]),
    client.query<TMergeRow>(
      `SELECT merged_key, reason, evidence, anonymous_id, message_id, run_id, to_char(created_at, ${ISO}) AS merged_at
       FROM identity_merges WHERE workspace_id = $1 AND person_key = $2 AND undone_at IS NULL
       ORDER BY created_at, merged_key LIMIT 200`,
      [workspaceId, personKey],
    ),
  ]);
  const shown = visitors.rows.slice(0, VISITORS_SHOWN);
  const ownKeys = new Set(keys.rows.map((r) => r.key));
  const ownOrders = new Set(matched.orderIds);
  const [links, sessions] = await Promise.all([
    client.query<TLinkRow>(
      `SELECT anonymous_id, kind, value, method, message_id, to_char(first_seen_at, ${ISO}) AS first_seen_at, person_key
       FROM identity_links WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[])
       ORDER BY first_seen_at, kind, value`,
      [workspaceId, shown.map((v) => v.anonymous_id)],
    ),
    client.query<{ anonymous_id: string; sessions: number }>(
      `SELECT anonymous_id, count(*)::int AS sessions FROM tracked_sessions
       WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[]) GROUP BY 1`,
      [workspaceId, shown.map((v) => v.anonymous_id)],
    ),
  ]);
  const sessionCounts = new Map(sessions.rows.map((r) => [r.anonymous_id, r.sessions]));
  return {
    anonymousIds: visitors.rows.map((v) => v.anonymous_id),
    visitors: shown.map((v) => ({
      ...v,
      sessions: sessionCounts.get(v.anonymous_id) ?? 0,
      links: links.rows
        .filter((l) => l.anonymous_id === v.anonymous_id)
        .map((l) => ({
          kind: l.kind,
          store_id: l.kind === "customer" || l.kind === "order" ? l.value : null,
          method: l.method,
          message_id: l.message_id,
          first_seen_at: l.first_seen_at,
          links_customer: (l.person_key !== null && ownKeys.has(l.person_key)) || (l.kind === "order" && ownOrders.has(l.value)),
        })),
    })),
    merges: merges.rows.map((m) => ({
      merged_customer_id: customerIdOf(m.merged_key),
      reason: m.reason,
      evidence: m.evidence.slice(0, m.evidence.indexOf(":")) as TMerge["evidence"],
      anonymous_id: m.anonymous_id,
      message_id: m.message_id,
      run_id: m.run_id,
      merged_at: m.merged_at,
    })),
  };
}
