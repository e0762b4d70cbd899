import { add, type Dec } from "../definitions/decimal";

// A source's base sums as the engine passes them around: converted to the workspace currency,
// one partial per dimension key ("" for the period's totals).

export type Partial = Record<string, Dec | number>;
/** Sums per dimension key for one source. */
export type SourceSums = Map<string, Partial>;
/** Each source's sums for one pass, by specKey. */
export type SumsBySpec = Map<string, SourceSums>;

const summedRows = new WeakMap<SourceSums, SourceSums>();

/** One partial per source: the sum of every row's (once per cached set of rows). */
export function sumRows(sums: SourceSums): SourceSums {
  const known = summedRows.get(sums);
  if (known) return known;
  const summed = addUpRows(sums);
  summedRows.set(sums, summed);
  return summed;
}

function addUpRows(sums: SourceSums): SourceSums {
  const total: Partial = {};
  for (const partial of sums.values()) {
    for (const [field, value] of Object.entries(partial)) {
      const soFar = total[field];
      total[field] = soFar === undefined ? value : typeof value === "bigint" ? add(soFar as Dec, value) : (soFar as number) + value;
    }
  }
  return new Map(sums.size > 0 ? [["", total]] : []);
}

/** Sums re-keyed by `keyOf` (keys it maps to null are left out), adding up those that share a key. */
export function regroup(sums: SourceSums, keyOf: (key: string) => string | null | undefined): SourceSums {
  const groups = new Map<string, SourceSums>();
  for (const [key, partial] of sums) {
    const target = keyOf(key);
    if (target === null || target === undefined) continue;
    let group = groups.get(target);
    if (!group) groups.set(target, (group = new Map()));
    group.set(key, partial);
  }
  return new Map([...groups].map(([key, group]) => [key, addUpRows(group).get("")!]));
}
