// Near misses for an unknown id, so a 400 can say what was probably meant ("revenu" -> revenue,
// "sales" -> net_sales, total_sales) rather than only list every valid id.

/** Edits (insert, delete, substitute) turning `a` into `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * Up to `limit` candidates close to `word`: a few edits away (a typo), or sharing a whole word
 * with it ("revenue_per_visit" and revenue). Closest first; none when nothing is close.
 */
export function closestIds(word: string, candidates: readonly string[], limit = 3): string[] {
  const wanted = word.toLowerCase();
  const parts = new Set(wanted.split(/[^a-z0-9]+/).filter((p) => p.length >= 3));
  const scored: { id: string; score: number }[] = [];
  for (const id of candidates) {
    const distance = editDistance(wanted, id.toLowerCase());
    const near = distance <= Math.max(2, Math.floor(wanted.length / 4));
    const sharesWord = id.toLowerCase().split(/[^a-z0-9]+/).some((p) => parts.has(p));
    // A shared word ranks after every typo-sized miss.
    if (near) scored.push({ id, score: distance });
    else if (sharesWord) scored.push({ id, score: 100 + distance });
  }
  return scored
    .sort((x, y) => x.score - y.score || (x.id < y.id ? -1 : 1))
    .slice(0, limit)
    .map((s) => s.id);
}
