import type { PoolClient } from "pg";
import { utc } from "@/lib/db/pool";
import type { TIdentityBatch } from "./extract";

// Writes a batch's visitors, links and ties, one multi-row statement per table. Rows are sorted
// by key so concurrent drains of one workspace take row locks in the same order.

/** A visitor seen again: the earlier first touch wins, the span only widens. */
export const VISITOR_SEEN_AGAIN = `
ON CONFLICT (workspace_id, anonymous_id) DO UPDATE SET
  first_page_url = CASE WHEN EXCLUDED.first_seen_at < visitors.first_seen_at THEN EXCLUDED.first_page_url ELSE visitors.first_page_url END,
  first_referrer = CASE WHEN EXCLUDED.first_seen_at < visitors.first_seen_at THEN EXCLUDED.first_referrer ELSE visitors.first_referrer END,
  first_seen_at = LEAST(visitors.first_seen_at, EXCLUDED.first_seen_at),
  last_seen_at = GREATEST(visitors.last_seen_at, EXCLUDED.last_seen_at)`;

const VISITORS_SQL = `
INSERT INTO visitors (workspace_id, anonymous_id, first_seen_at, last_seen_at, first_page_url, first_referrer)
SELECT $1, v.a, v.f, v.l, v.p, v.r FROM unnest($2::text[], $3::timestamp[], $4::timestamp[], $5::text[], $6::text[]) AS v(a, f, l, p, r)
${VISITOR_SEEN_AGAIN}`;

const LINKS_SQL = `
INSERT INTO identity_links (workspace_id, anonymous_id, kind, value, method, message_id, first_seen_at, last_seen_at)
SELECT $1, l.a, l.k, l.v, l.m, l.id, l.f, l.l FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamp[], $8::timestamp[]) AS l(a, k, v, m, id, f, l)
ON CONFLICT (workspace_id, anonymous_id, kind, value) DO UPDATE SET
  method = CASE WHEN EXCLUDED.first_seen_at < identity_links.first_seen_at THEN EXCLUDED.method ELSE identity_links.method END,
  message_id = CASE WHEN EXCLUDED.first_seen_at < identity_links.first_seen_at THEN EXCLUDED.message_id ELSE identity_links.message_id END,
  first_seen_at = LEAST(identity_links.first_seen_at, EXCLUDED.first_seen_at),
  last_seen_at = GREATEST(identity_links.last_seen_at, EXCLUDED.last_seen_at)`;

const TIES_SQL = `
INSERT INTO identity_ties (workspace_id, kind_a, value_a, kind_b, value_b, anonymous_id, message_id, first_seen_at, last_seen_at)
SELECT $1, t.ka, t.va, t.kb, t.vb, t.a, t.id, t.f, t.l
FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamp[], $9::timestamp[]) AS t(ka, va, kb, vb, a, id, f, l)
ON CONFLICT (workspace_id, kind_a, value_a, kind_b, value_b) DO UPDATE SET
  last_seen_at = GREATEST(identity_ties.last_seen_at, EXCLUDED.last_seen_at)`;

const byText = <T>(key: (row: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

export async function recordIdentityBatch(client: PoolClient, workspaceId: string, batch: TIdentityBatch): Promise<void> {
  const visitors = [...batch.visitors].sort(byText((v) => v.anonymousId));
  if (visitors.length > 0) {
    await client.query(VISITORS_SQL, [
      workspaceId,
      visitors.map((v) => v.anonymousId),
      visitors.map((v) => utc(v.firstSeenAt)),
      visitors.map((v) => utc(v.lastSeenAt)),
      visitors.map((v) => v.firstPageUrl),
      visitors.map((v) => v.firstReferrer),
    ]);
  }
  const links = [...batch.links].sort(byText((l) => `${l.anonymousId}\u0000${l.kind}\u0000${l.value}`));
  if (links.length > 0) {
    await client.query(LINKS_SQL, [
      workspaceId,
      links.map((l) => l.anonymousId),
      links.map((l) => l.kind),
      links.map((l) => l.value),
      links.map((l) => l.method),
      links.map((l) => l.messageId),
      links.map((l) => utc(l.firstSeenAt)),
      links.map((l) => utc(l.lastSeenAt)),
    ]);
  }
  const ties = [...batch.ties].sort(byText((t) => `${t.a.kind}\u0000${t.a.value}\u0000${t.b.kind}\u0000${t.b.value}`));
  if (ties.length > 0) {
    await client.query(TIES_SQL, [
      workspaceId,
      ties.map((t) => t.a.kind),
      ties.map((t) => t.a.value),
      ties.map((t) => t.b.kind),
      ties.map((t) => t.b.value),
      ties.map((t) => t.anonymousId),
      ties.map((t) => t.messageId),
      ties.map((t) => utc(t.firstSeenAt)),
      ties.map((t) => utc(t.lastSeenAt)),
    ]);
  }
}
