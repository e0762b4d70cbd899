import crypto from "node:crypto";
import type { PoolClient } from "pg";
import { comparePersonKeys } from "./person-key";
import type { TTieEdge } from "./ties";
import { UnionFind } from "./union-find";

// The merge rule. Identifiers seen in one event (ties) are one person. When the identifiers of
// one tie component stand for two or more customer keys, those customers are one person: each
// is merged into the component's survivor (comparePersonKeys), with the evidence recorded. The
// reason is member_id when a member id holds the component together, else email_hash (an order
// or store customer seen with an email at checkout). Identifiers that only share a visitor (a
// shared device with two member ids) are never tied, so they never merge. A merge that was
// undone keeps its row and is not made again.

export type TMergeReason = "member_id" | "email_hash" | "store_id" | "phone_hash";

const ACTIVE_MERGES_SQL = `
SELECT person_key, merged_key FROM identity_merges
WHERE workspace_id = $1 AND undone_at IS NULL AND (person_key = ANY($2::text[]) OR merged_key = ANY($2::text[]))`;

const MAX_MERGE_ROUNDS = 10;

/** The survivor each key resolves to through active merges, following chains of merges. */
export async function mergeRoots(client: PoolClient, workspaceId: string, keys: Iterable<string>): Promise<UnionFind> {
  return (await mergeClosure(client, workspaceId, keys)).roots;
}

/** mergeRoots, with every key reached (the given ones and those merged with them). */
export async function mergeClosure(client: PoolClient, workspaceId: string, keys: Iterable<string>): Promise<{ roots: UnionFind; keys: Set<string> }> {
  const sets = new UnionFind(comparePersonKeys);
  const known = new Set(keys);
  let frontier = [...known];
  for (let round = 0; round < MAX_MERGE_ROUNDS && frontier.length > 0; round++) {
    const { rows } = await client.query<{ person_key: string; merged_key: string }>(ACTIVE_MERGES_SQL, [workspaceId, frontier]);
    frontier = [];
    for (const row of rows) {
      sets.union(row.person_key, row.merged_key);
      for (const key of [row.person_key, row.merged_key]) {
        if (!known.has(key)) {
          known.add(key);
          frontier.push(key);
        }
      }
    }
  }
  return { roots: sets, keys: known };
}

/** The identifier that explains a component's merge: a member id, else an email, else any. */
function evidenceOf(members: readonly string[]): { reason: TMergeReason; identifier: string } {
  const member = members.find((m) => m.startsWith("member:"));
  if (member) return { reason: "member_id", identifier: member };
  const email = members.find((m) => m.startsWith("email:"));
  if (email) return { reason: "email_hash", identifier: email };
  return { reason: "store_id", identifier: members[0]! };
}

const INSERT_MERGE_SQL = `
INSERT INTO identity_merges (workspace_id, id, person_key, merged_key, reason, evidence, anonymous_id, message_id, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now() AT TIME ZONE 'UTC')
ON CONFLICT (workspace_id, person_key, merged_key) DO NOTHING`;

/**
 * Records the merges the tie components prove. `ownKeys` holds each identifier's own customer
 * key; `roots` the current merges, updated in place. Returns how many merges were made.
 */
export async function recordMerges(
  client: PoolClient,
  workspaceId: string,
  nodes: Iterable<string>,
  edges: readonly TTieEdge[],
  ownKeys: Map<string, string | null>,
  roots: UnionFind,
): Promise<number> {
  const components = new UnionFind((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const edge of edges) components.union(edge.a, edge.b);
  const byComponent = new Map<string, string[]>();
  for (const node of nodes) {
    const root = components.find(node);
    byComponent.set(root, [...(byComponent.get(root) ?? []), node]);
  }
  let made = 0;
  for (const members of byComponent.values()) {
    const keys = [...new Set(members.map((m) => ownKeys.get(m)).filter((k): k is string => !!k))].sort(comparePersonKeys);
    if (keys.length < 2) continue;
    const survivor = keys[0]!;
    const { reason, identifier } = evidenceOf(members.sort());
    const edge = edges.find((e) => e.a === identifier || e.b === identifier)!;
    for (const key of keys.slice(1)) {
      if (roots.find(key) === roots.find(survivor)) continue;
      const inserted = await client.query(INSERT_MERGE_SQL, [workspaceId, crypto.randomUUID(), survivor, key, reason, identifier, edge.anonymousId, edge.messageId]);
      if ((inserted.rowCount ?? 0) > 0) {
        roots.union(survivor, key);
        made++;
      }
    }
  }
  return made;
}
