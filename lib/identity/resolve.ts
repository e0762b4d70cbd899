import type { PoolClient } from "pg";
import { utc } from "@/lib/db/pool";
import { queuePersonChanges } from "@/lib/funnels/progress";
import { settleCustomerKeys } from "./customer-keys";
import { mergeRoots, recordMerges } from "./merges";
import { comparePersonKeys, ownPersonKeys } from "./person-key";
import { exploreTies, splitIdentifier, type TTieEdge } from "./ties";
import type { UnionFind } from "./union-find";

// Recomputes the person (customer key) of every visitor around some identifiers: the visitors
// linked to them or to anything tied to them, and those already resolved to the persons
// involved. A visitor's person is the survivor (through active merges) of the customer key its
// links stand for. Links that stand for no customer key themselves (a member id, an order not
// synced yet) stand for the keys tied to them. A visitor whose links stand for several persons
// (a shared device, or a merge undone) is the person of its most recently seen link; between
// persons reached through one link, the most recent tie decides.

const MAX_VISITORS = 5_000;

type TLinkRow = { anonymous_id: string; kind: string; value: string; first_seen_at: Date; last_seen_at: Date; person_key: string | null };

const VISITORS_AROUND_SQL = `
SELECT anonymous_id FROM (
  SELECT l.anonymous_id FROM unnest($2::text[], $3::text[]) AS f(kind, value)
  JOIN identity_links l ON l.workspace_id = $1 AND l.kind = f.kind AND l.value = f.value
  UNION
  SELECT l.anonymous_id FROM identity_links l WHERE l.workspace_id = $1 AND l.person_key = ANY($4::text[])
  UNION
  SELECT v.anonymous_id FROM visitors v WHERE v.workspace_id = $1 AND v.person_key = ANY($4::text[])
  UNION
  SELECT unnest($5::text[])
) s ORDER BY anonymous_id LIMIT ${MAX_VISITORS}`;

const LINKS_OF_SQL = `
SELECT anonymous_id, kind, value, first_seen_at, last_seen_at, person_key FROM identity_links
WHERE workspace_id = $1 AND anonymous_id = ANY($2::text[])`;

const UPDATE_VISITORS_SQL = `
UPDATE visitors v SET person_key = u.p, identified_at = u.i, resolved_at = $5::timestamp
FROM unnest($2::text[], $3::text[], $4::timestamp[]) AS u(a, p, i)
WHERE v.workspace_id = $1 AND v.anonymous_id = u.a`;

const UPDATE_LINKS_SQL = `
UPDATE identity_links l SET person_key = u.p
FROM unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS u(a, k, v, p)
WHERE l.workspace_id = $1 AND l.anonymous_id = u.a AND l.kind = u.k AND l.value = u.v AND l.person_key IS DISTINCT FROM u.p`;

type TCandidate = { root: string; seenAt: number; own: boolean; tieSeenAt: number };

const better = (a: TCandidate, b: TCandidate) =>
  a.seenAt !== b.seenAt ? a.seenAt > b.seenAt : a.own !== b.own ? a.own : a.tieSeenAt !== b.tieSeenAt ? a.tieSeenAt > b.tieSeenAt : comparePersonKeys(a.root, b.root) < 0;

/** The person a visitor's links make it, null when they stand for no customer key. */
export function personOf(links: readonly TLinkRow[], ownKeys: Map<string, string | null>, edges: readonly TTieEdge[], roots: UnionFind): string | null {
  let best: TCandidate | null = null;
  const consider = (candidate: TCandidate) => {
    if (!best || better(candidate, best)) best = candidate;
  };
  for (const link of links) {
    const node = `${link.kind}:${link.value}`;
    const seenAt = link.last_seen_at.getTime();
    const own = ownKeys.get(node);
    if (own) {
      consider({ root: roots.find(own), seenAt, own: true, tieSeenAt: 0 });
      continue;
    }
    for (const edge of edges) {
      const other = edge.a === node ? edge.b : edge.b === node ? edge.a : null;
      const key = other ? ownKeys.get(other) : null;
      if (key) consider({ root: roots.find(key), seenAt, own: false, tieSeenAt: edge.lastSeenAt.getTime() });
    }
  }
  return (best as TCandidate | null)?.root ?? null;
}

/** Resolves the visitors around `identifiers` ("kind:value") and `visitorIds`; returns how many were resolved. */
export async function resolveAround(
  client: PoolClient,
  workspaceId: string,
  identifiers: Iterable<string>,
  visitorIds: readonly string[] = [],
  personKeys: readonly string[] = [],
): Promise<number> {
  // Concurrent drains of one workspace would otherwise race on the same visitors and merges.
  await client.query("SELECT pg_advisory_xact_lock(hashtext('identity'), hashtext($1))", [workspaceId]);
  const nodes = new Set(identifiers);
  let edges = await exploreTies(client, workspaceId, nodes);
  let ownKeys = await ownPersonKeys(client, workspaceId, nodes);
  const keysAround = new Set([...personKeys, ...[...ownKeys.values()].filter((k): k is string => !!k)]);
  const parts = [...nodes].map(splitIdentifier);
  const visitors = await client.query<{ anonymous_id: string }>(VISITORS_AROUND_SQL, [
    workspaceId, parts.map((p) => p[0]), parts.map((p) => p[1]), [...keysAround], [...visitorIds],
  ]);
  const anonymousIds = visitors.rows.map((r) => r.anonymous_id);
  if (anonymousIds.length === 0) return 0;
  const { rows: links } = await client.query<TLinkRow>(LINKS_OF_SQL, [workspaceId, anonymousIds]);

  // The visitors' other identifiers, and what they are tied to, decide their persons too.
  const more = links.map((l) => `${l.kind}:${l.value}`).filter((n) => !nodes.has(n));
  if (more.length > 0) {
    for (const node of more) nodes.add(node);
    edges = [...edges, ...(await exploreTies(client, workspaceId, nodes, more))];
    ownKeys = await ownPersonKeys(client, workspaceId, nodes);
  }
  const keys = new Set([...keysAround, ...[...ownKeys.values()].filter((k): k is string => !!k)]);
  const roots = await mergeRoots(client, workspaceId, keys);
  // New merges move the customers' keys too (cohorts, LTV and attribution follow them).
  if ((await recordMerges(client, workspaceId, nodes, edges, ownKeys, roots)) > 0) await settleCustomerKeys(client, workspaceId, keys);

  const byVisitor = new Map<string, TLinkRow[]>(anonymousIds.map((id) => [id, []]));
  for (const link of links) byVisitor.get(link.anonymous_id)?.push(link);
  const persons: (string | null)[] = [];
  const identifiedAt: (string | null)[] = [];
  for (const id of anonymousIds) {
    const own = byVisitor.get(id)!;
    persons.push(personOf(own, ownKeys, edges, roots));
    const first = own.reduce<Date | null>((min, l) => (min === null || l.first_seen_at < min ? l.first_seen_at : min), null);
    identifiedAt.push(utc(first));
  }
  // A browser changing person moves its events between funnel units.
  await queuePersonChanges(client, workspaceId, anonymousIds, persons);
  await client.query(UPDATE_VISITORS_SQL, [workspaceId, anonymousIds, persons, identifiedAt, utc(new Date())]);
  await client.query(UPDATE_LINKS_SQL, [
    workspaceId,
    links.map((l) => l.anonymous_id),
    links.map((l) => l.kind),
    links.map((l) => l.value),
    links.map((l) => ownKeys.get(`${l.kind}:${l.value}`) ?? null),
  ]);
  return anonymousIds.length;
}
