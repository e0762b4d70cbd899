// How funnel figures read: ratios as percentages with one decimal, durations in their largest unit.

/** "0.4567" -> "45.7%"; null -> "n/a". */
export function percent(ratio: string | null): string {
  if (ratio === null) return "n/a";
  return `${(Number(ratio) * 100).toFixed(1)}%`;
}

/** 95 -> "1m 35s", 7_200 -> "2h", 200_000 -> "2d 7h". */
export function duration(seconds: number | null): string {
  if (seconds === null) return "–";
  if (seconds < 60) return `${seconds}s`;
  const units: [number, string][] = [[86_400, "d"], [3_600, "h"], [60, "m"], [1, "s"]];
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, unit] of units) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    } else if (parts.length > 0) break;
  }
  return parts.join(" ");
}
