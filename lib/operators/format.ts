// How the console words instants and spans. Instants are shown in UTC: operators of one
// installation sit in many time zones, and the logs they compare with are in UTC.

const utc = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** "Dec 6, 2026, 2:05 PM UTC". */
export function utcText(at: Date): string {
  return `${utc.format(at)} UTC`;
}

const UNITS: [string, number][] = [
  ["d", 86_400],
  ["h", 3_600],
  ["min", 60],
];

/** A span in its two largest units, whole minutes from one minute on: "45 s", "12 min", "3 h 5 min", "2 d 4 h". */
export function spanText(seconds: number): string {
  let left = Math.max(0, Math.round(seconds));
  if (left < 60) return `${left} s`;
  const parts: string[] = [];
  for (const [unit, size] of UNITS) {
    if (left >= size && parts.length < 2) {
      parts.push(`${Math.floor(left / size)} ${unit}`);
      left %= size;
    } else if (parts.length > 0) break;
  }
  return parts.join(" ");
}

/** "12 min ago" as of `now`. */
export function agoText(at: Date, now: Date): string {
  const seconds = (now.getTime() - at.getTime()) / 1000;
  return seconds < 60 ? "just now" : `${spanText(seconds)} ago`;
}
