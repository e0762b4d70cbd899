import type { PoolClient } from "pg";

// The identifiers reachable from some seeds through ties (identifiers seen in one event), i.e.
// the seeds' persons as far as the events prove them. Bounded: a workspace whose ties chain
// further than this is resolved on what was reached, and the rest on a later pass.

export const MAX_TIE_ROUNDS = 6;
export const MAX_IDENTIFIERS = 2_000;

export type TTieEdge = { a: string; b: string; anonymousId: string; messageId: string; lastSeenAt: Date };

const TIES_FROM_SQL = `
SELECT t.kind_a, t.value_a, t.kind_b, t.value_b, t.anonymous_id, t.message_id, t.last_seen_at
FROM unnest($2::text[], $3::text[]) AS f(kind, value)
JOIN identity_ties t ON t.workspace_id = $1 AND t.kind_a = f.kind AND t.value_a = f.value
UNION
SELECT t.kind_a, t.value_a, t.kind_b, t.value_b, t.anonymous_id, t.message_id, t.last_seen_at
FROM unnest($2::text[], $3::text[]) AS f(kind, value)
JOIN identity_ties t ON t.workspace_id = $1 AND t.kind_b = f.kind AND t.value_b = f.value`;

type TTieRow = { kind_a: string; value_a: string; kind_b: string; value_b: string; anonymous_id: string; message_id: string; last_seen_at: Date };

export const splitIdentifier = (text: string): [string, string] => [text.slice(0, text.indexOf(":")), text.slice(text.indexOf(":") + 1)];

/** Adds to `nodes` everything tied to them and returns the ties walked. */
export async function exploreTies(client: PoolClient, workspaceId: string, nodes: Set<string>, seeds: Iterable<string> = nodes): Promise<TTieEdge[]> {
  const edges = new Map<string, TTieEdge>();
  let frontier = [...seeds];
  for (let round = 0; round < MAX_TIE_ROUNDS && frontier.length > 0 && nodes.size < MAX_IDENTIFIERS; round++) {
    const parts = frontier.map(splitIdentifier);
    const { rows } = await client.query<TTieRow>(TIES_FROM_SQL, [workspaceId, parts.map((p) => p[0]), parts.map((p) => p[1])]);
    frontier = [];
    for (const row of rows) {
      const [a, b] = [`${row.kind_a}:${row.value_a}`, `${row.kind_b}:${row.value_b}`];
      edges.set(`${a}\u0000${b}`, { a, b, anonymousId: row.anonymous_id, messageId: row.message_id, lastSeenAt: row.last_seen_at });
      for (const node of [a, b]) {
        if (!nodes.has(node)) {
          nodes.add(node);
          frontier.push(node);
        }
      }
    }
  }
  return [...edges.values()];
}
