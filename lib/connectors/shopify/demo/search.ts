// The bits of Shopify's search syntax and cursors the demo store understands.

export type TimeRange = { from: number; to: number };

const CLAUSE = /\b(updated_at|created_at):(>=|<=|>|<)'([^']+)'/g;

/** Half-open [from, to) in ms on `field`, from clauses like updated_at:>='2026-01-01T00:00:00Z'. */
export function parseTimeRange(search: string | null | undefined, field: "updated_at" | "created_at"): TimeRange {
  let from = Number.NEGATIVE_INFINITY;
  let to = Number.POSITIVE_INFINITY;
  for (const match of (search ?? "").matchAll(CLAUSE)) {
    const [, name, op, value] = match;
    if (name !== field) continue;
    const ms = Date.parse(value!);
    if (Number.isNaN(ms)) throw new Error(`invalid date in search: ${value}`);
    if (op === ">=") from = Math.max(from, ms);
    else if (op === ">") from = Math.max(from, ms + 1);
    else if (op === "<") to = Math.min(to, ms);
    else to = Math.min(to, ms + 1);
  }
  return { from, to };
}

/** Opaque keyset cursor: (sort value, tie-breaking index). */
export function encodeCursor(sortValue: number, index: number): string {
  return Buffer.from(JSON.stringify([sortValue, index])).toString("base64url");
}

export function decodeCursor(cursor: string | null | undefined): [number, number] | null {
  if (!cursor) return null;
  try {
    const value = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown;
    if (Array.isArray(value) && value.length === 2) {
      const [key, index] = value as unknown[];
      if (typeof key === "number" && typeof index === "number") return [key, index];
    }
  } catch {
    // fall through
  }
  throw new Error(`invalid cursor: ${cursor}`);
}

/** Cursor for an offset inside a nested connection (line items, variants). */
export function encodeOffset(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString("base64url");
}

export function decodeOffset(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  const match = /^offset:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  if (!match) throw new Error(`invalid cursor: ${cursor}`);
  return Number(match[1]);
}
